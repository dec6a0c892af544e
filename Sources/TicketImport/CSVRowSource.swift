import TicketModel
import TicketDatabase

/// Rows of a CSV export: the header names the columns, the mapping says which hold our fields.
public final class CSVRowSource: RowSource {
    private let reader: CSVRecordReader
    /// Each mapped field's column, and whether our export guards it against formulas (decided once: a set's
    /// lookup per field and row was a hash each).
    private let indexes: [(field: TicketField, column: Int, guarded: Bool)]
    public let header: [String]?
    public let unknownColumns: [String]
    private let maxFieldBytes: Int
    private let encoding: String
    /// The delimiter in use (sniffed from the header when asked for `auto`).
    public var delimiter: CSVDelimiter { reader.delimiter }

    public init(
        source: ByteSource, mapping: ColumnMapping, maxFieldBytes: Int = ImportOptions.defaultMaxFieldBytes,
        delimiter: CSVDelimiter = .comma, mappingChosen: Bool = true
    ) throws {
        reader = try CSVRecordReader(source: source, maxFieldBytes: maxFieldBytes, delimiter: delimiter)
        self.maxFieldBytes = maxFieldBytes
        encoding = source.encoding
        guard let first = try reader.next(), !(first.fields.count == 1 && first.fields[0].isEmpty) else {
            throw ImportError.noHeader(file: source.name)
        }
        // Every row with text outside ASCII would be rejected as not valid in the encoding, one by one, and the
        // columns be named with U+FFFD in them: said once, at the header.
        if first.invalidUTF8Field != nil { throw ImportError.headerNotText(file: source.name, encoding: source.encoding) }
        let columns = Self.namingNameless(first.fields.map(\.trimmed))
        var seen: [String: Int] = [:]
        var duplicates: [String] = []
        for column in columns where !column.isEmpty {
            seen[column, default: 0] += 1
            if seen[column] == 2 { duplicates.append(column) }
        }
        let resolver = ColumnResolver(mapping: mapping)
        let resolved = resolver.resolve(columns: columns)
        // Jira writes a multi-valued field as a column per value ("Labels", "Labels"): the tags gather them all
        // (and every other column the mapping lists for them), and another column nobody maps becomes a list
        // among the attributes. Two columns of one name where a single field reads would leave it to a guess.
        let ambiguous = duplicates.filter { name in resolved.contains { $0.value == name && $0.key != .tags } }
        if !ambiguous.isEmpty { throw ImportError.duplicateColumns(file: source.name, names: ambiguous) }
        let tagColumns = Set(resolver.tagColumns(columns: columns))
        tagIndexes = columns.indices.filter { tagColumns.contains(columns[$0]) }
        for field in ColumnMapping.requiredColumns where resolved[field] == nil {
            throw ImportError.missingColumn(
                file: source.name, field: field, candidates: mapping.columns[field] ?? [], header: columns)
        }
        // A help desk's export read without its preset would have every row rejected, line after line, for the
        // same reason, or every title left empty: said once, at the header, with the preset whose columns it has.
        if let problem = resolver.problem(
            file: source.name, header: columns, source: "the header", mappingChosen: mappingChosen,
            columns: { ColumnResolver(mapping: $0).resolve(columns: columns) })
        {
            throw problem
        }
        indexes = resolved.map { field, column in
            (field, columns.firstIndex(of: column)!, Self.formulaGuarded.contains(field))
        }
        .sorted { $0.column < $1.column }
        header = columns
        let minutesColumn = resolver.firstResponseMinutesColumn(columns: columns)
        minutesIndex = minutesColumn.flatMap { columns.firstIndex(of: $0) }
        let labelSourceColumn = resolver.labelSourceColumn(columns: columns)
        labelSourceIndex = labelSourceColumn.flatMap { columns.firstIndex(of: $0) }
        let unknown = resolver.unknown(columns: columns, resolved: resolved).filter { $0 != minutesColumn && $0 != labelSourceColumn }
        unknownColumns = unknown
        attributes = AttributesEncoder(header: columns, names: unknown)
    }

    /// A column with no name (a spreadsheet's stray column, a header's trailing comma) is named by its position,
    /// `column_3`, so that what its cells hold is kept among the attributes, not dropped; a name the header
    /// already has gets `_` added until it is free.
    static func namingNameless(_ columns: [String]) -> [String] {
        guard columns.contains("") else { return columns }
        var taken = Set(columns)
        return columns.enumerated().map { index, name in
            guard name.isEmpty else { return name }
            var candidate = "column_\(index + 1)"
            while taken.contains(candidate) { candidate += "_" }
            taken.insert(candidate)
            return candidate
        }
    }

    /// Fields our export guards against spreadsheet formulas, which therefore import back to themselves (ids
    /// too: exports of earlier releases guarded them).
    private static let formulaGuarded: Set<TicketField> = [.id, .title, .description, .assignee, .group, .tags]

    /// Every column the tags gather from: their column repeated, or several the mapping lists (one tag a cell).
    private let tagIndexes: [Int]

    /// Where the minutes to a first response are, when the mapping names such a column and the file has it.
    private let minutesIndex: Int?
    /// Where our export's `label_source` is, when the mapping reads it and the file has it.
    private let labelSourceIndex: Int?
    /// The columns no field takes, kept as the ticket's attributes.
    private let attributes: AttributesEncoder

    public var bytesRead: Int { reader.bytesRead }

    public func next() throws -> SourceRow? {
        guard let record = try reader.next() else { return nil }
        var values = FieldValues()
        var problem: RowRejection.Reason?
        let columnCount = header!.count
        if record.isUnterminated {
            problem = .unterminatedQuote
        } else if let oversized = record.oversizedField {
            problem = .fieldTooLarge(column: oversized < columnCount ? header![oversized] : "#\(oversized + 1)", limit: maxFieldBytes)
        } else if record.fields.count != columnCount {
            problem = .wrongFieldCount(expected: columnCount, actual: record.fields.count)
        } else if let bad = record.invalidUTF8Field {
            problem = .invalidText(column: header![bad], encoding: encoding)
        } else {
            for (field, column, guarded) in indexes {
                let value = record.fields[column]
                values[field] = guarded ? ColumnResolver.unescapeFormula(value) : value
            }
            if tagIndexes.count > 1 {
                values[.tags] = TagsField.list(tagIndexes.map { record.fields[$0].trimmed }.filter { !$0.isEmpty })
            }
            if let minutesIndex { values.firstResponseMinutes = record.fields[minutesIndex] }
            if let labelSourceIndex { values.labelSource = record.fields[labelSourceIndex] }
            if !attributes.isEmpty {
                do {
                    (values.attributes, values.equivalentAttributes) = try attributes.encodeBothOrders(record.fields)
                } catch { problem = error }
            }
        }
        // Built once, at the end: assembled field by field, the whole row was copied on its way out.
        return SourceRow(line: record.line, values: values, problem: problem, raw: .csv(record.fields))
    }
}
