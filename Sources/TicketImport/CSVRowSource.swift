import TicketModel
import TicketDatabase

/// Rows of a CSV export: the header names the columns, the mapping says which hold our fields.
public final class CSVRowSource: RowSource {
    private let reader: CSVRecordReader
    private let indexes: [(TicketField, Int)]
    public let header: [String]?
    public let unknownColumns: [String]

    public init(source: ByteSource, mapping: ColumnMapping) throws {
        reader = try CSVRecordReader(source: source)
        guard let first = try reader.next(), !(first.fields.count == 1 && first.fields[0].isEmpty) else {
            throw ImportError.noHeader(file: source.name)
        }
        let columns = first.fields.map(\.trimmed)
        let resolver = ColumnResolver(mapping: mapping)
        let resolved = resolver.resolve(columns: columns)
        for field in ColumnMapping.requiredColumns where resolved[field] == nil {
            throw ImportError.missingColumn(
                file: source.name, field: field, candidates: mapping.columns[field] ?? [], header: columns)
        }
        indexes = resolved.map { field, column in (field, columns.firstIndex(of: column)!) }
            .sorted { $0.1 < $1.1 }
        header = columns
        unknownColumns = resolver.unknown(columns: columns, resolved: resolved)
    }

    public var bytesRead: Int { reader.bytesRead }

    public func next() throws -> SourceRow? {
        guard let record = try reader.next() else { return nil }
        var row = SourceRow(line: record.line, values: FieldValues(), problem: nil, raw: .csv(record.fields))
        let columnCount = header!.count
        if record.isUnterminated {
            row.problem = .unterminatedQuote
        } else if record.fields.count != columnCount {
            row.problem = .wrongFieldCount(expected: columnCount, actual: record.fields.count)
        } else if let bad = record.invalidUTF8Field {
            row.problem = .invalidUTF8(column: header![bad])
        } else {
            for (field, index) in indexes {
                let value = record.fields[index]
                row.values[field] =
                    field == .title || field == .description ? ColumnResolver.unescapeFormula(value) : value
            }
        }
        return row
    }
}
