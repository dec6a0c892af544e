import Foundation
import TicketDatabase
import TicketModel

/// A mapping file to start from, for an export no preset knows: its columns matched by name with our fields
/// (by our names, the presets' and common ones: `subject` is a title, `queue` a category, `tag_1`…`tag_9` tags),
/// the values its label columns hold with the label each reads as, and what is left for a person to decide.
/// Drawn from the header and the first rows; nothing is imported.
public struct MappingDraft: Sendable {
    /// One value of a label column, how many sampled rows had it, and the label it reads as, if any.
    public struct Value: Sendable, Equatable {
        public var text: String
        public var rows: Int
        public var label: String?
    }

    /// The file's columns (CSV) or keys (JSON, nested ones dotted), in order.
    public var header: [String]
    /// The columns taken for each field (several only for tags).
    public var columns: [TicketField: [String]] = [:]
    /// Of the label columns found, each value seen; nil when there were too many to be labels.
    public var values: [TicketField: [Value]?] = [:]
    /// Rows read to draw this.
    public var sampledRows = 0
    /// A date pattern the creation times need, when the built-in forms read none of them.
    public var dateFormat: String?
    /// The same pattern month-first (or day-first), when the sample reads either way.
    public var ambiguousDateFormat: String?
    /// Sampled creation times no pattern tried reads, when there are any.
    public var unreadDate: String?
    /// A preset (or our own columns, `ticketjobs`) that already reads the export, if one does.
    public var fittingPreset: String?
    /// The labels the values were matched against.
    public var taxonomy: Taxonomy
    /// A CSV file's encoding and delimiter, when not UTF-8 and commas: the mapping says them.
    public var encoding: String?
    public var delimiter: CSVDelimiter?

    /// Rows read at most: enough to see a label column's values.
    public static let sampleSize = 10_000
    /// More distinct values than this in a label column are free text, not labels.
    static let maximumValues = 60
    /// The label fields whose values the draft lists.
    static let labelFields: [TicketField] = [.category, .priority, .status]

    public init(path: String, taxonomy: Taxonomy, encoding: String? = nil, delimiter: CSVDelimiter = .auto) throws {
        self.taxonomy = taxonomy
        let rows: [[String: [String]]]
        let read = try Self.sample(path: path, encoding: encoding, delimiter: delimiter)
        (header, rows) = (read.header, read.rows)
        self.encoding = read.encoding == "utf-8" ? nil : read.encoding
        self.delimiter = read.delimiter == .comma ? nil : read.delimiter
        sampledRows = rows.count
        let header = header
        fittingPreset =
            ColumnMapping.bestPreset(besides: "", columns: { ColumnResolver(mapping: $0).resolve(columns: header) })?
            .name
        matchColumns(rows: rows)
        for field in Self.labelFields {
            guard let column = columns[field]?.first else { continue }
            values[field] = Self.values(of: column, in: rows, field: field, taxonomy: taxonomy)
        }
        if let column = columns[.createdAt]?.first {
            readDates(Self.dates(in: column, of: rows))
        }
        // A `Closed` or `First response` column may hold yes/no or a duration: taken for a time, it would reject
        // every row. Left as an attribute unless its values read as the creation times do.
        let parser = TimestampParser(extraFormats: dateFormat.map { [$0] } ?? [])
        for field in [TicketField.resolvedAt, .firstResponseAt] {
            guard let column = columns[field]?.first else { continue }
            if !Self.dates(in: column, of: rows).allSatisfy({ parser.parse($0) != nil }) { columns[field] = nil }
        }
    }

    /// Up to 200 of a column's non-empty values.
    private static func dates(in column: String, of rows: [[String: [String]]]) -> [String] {
        Array(rows.lazy.compactMap { $0[column]?.first }.filter { !$0.trimmed.isEmpty }.prefix(200))
    }

    /// Fields without which no row imports and that no column gives.
    public var missingFields: [TicketField] {
        var missing: [TicketField] = []
        if columns[.id] == nil { missing.append(.id) }
        if columns[.title] == nil && columns[.description] == nil { missing.append(.title) }
        if columns[.createdAt] == nil { missing.append(.createdAt) }
        return missing
    }

    /// The columns no field takes: kept as attributes by an import.
    public var attributeColumns: [String] {
        let taken = Set(columns.values.flatMap { $0 })
        return header.filter { !taken.contains($0) }
    }

    /// Label values no label was found for.
    public var undecidedValues: Int {
        values.values.reduce(0) { $0 + ($1?.filter { $0.label == nil }.count ?? 0) }
    }

    // MARK: Columns

    /// A column name as names are compared: case, spaces, underscores, dashes and a closing dot (`Ticket-Nr.`)
    /// aside; inner dots stay, as they name a nested JSON key.
    static func key(_ name: String) -> String {
        let kept = name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "." }
        return String(String.UnicodeScalarView(kept)).trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    private mutating func matchColumns(rows: [[String: [String]]]) {
        var free = header
        // A field other than tags read from a name the header gives twice would be a guess: import refuses it.
        let repeated = Set(rows.flatMap { row in row.filter { $0.value.count > 1 }.keys })
        func take(_ column: String) { free.removeAll { $0 == column } }
        // Each field in turn takes the first free column going by one of its names, in the order of its names.
        for field in TicketField.allCases {
            for name in Self.names(for: field) {
                if let column = free.first(where: {
                    Self.key($0) == Self.key(name) && (field == .tags || !repeated.contains($0))
                }) {
                    columns[field] = [column]
                    take(column)
                    break
                }
            }
        }
        // tag_1, tag_2, …: each column one tag.
        if columns[.tags] == nil {
            let numbered = free.filter { $0.lowercased().wholeMatch(of: #/(tags?|labels?)[ _-]?[0-9]+/#) != nil }
            if !numbered.isEmpty {
                columns[.tags] = numbered
                numbered.forEach(take)
            }
        }
    }

    // MARK: Values

    /// The values of a label column, most rows first, each with the label it reads as: its own spelling
    /// (`In Progress`, `Technical Support` where the taxonomy has `technical_support`), else for a priority or a
    /// status a preset's reading of it (`Urgent` is critical, `Pending` in progress). A category is a team's own:
    /// another help desk's reading of one (`Incident` is technical) would be a guess.
    static func values(of column: String, in rows: [[String: [String]]], field: TicketField, taxonomy: Taxonomy)
        -> [Value]?
    {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for row in rows {
            for text in row[column] ?? [] {
                let trimmed = text.trimmed
                guard !trimmed.isEmpty else { continue }
                if counts[trimmed] == nil { order.append(trimmed) }
                counts[trimmed, default: 0] += 1
            }
        }
        guard order.count <= maximumValues else { return nil }
        let allowed: Set<String> =
            switch field {
            case .category: Set(taxonomy.categoryNames)
            case .priority: Set(taxonomy.priorityNames)
            default: Set(Status.allCases.map(\.rawValue))
            }
        return order.map { text in
            Value(text: text, rows: counts[text]!, label: label(for: text, field: field, allowed: allowed))
        }.sorted { $0.rows != $1.rows ? $0.rows > $1.rows : $0.text < $1.text }
    }

    static func label(for text: String, field: TicketField, allowed: Set<String>) -> String? {
        if let own = LabelSpelling.resolve(text, allows: allowed.contains) { return own }
        guard field != .category else { return nil }
        if let label = commonValues[field]?[ColumnMapping.normalize(text)], allowed.contains(label) { return label }
        for name in ColumnMapping.presetNames {
            if case let label?? = ColumnMapping.preset(named: name)?.values[field]?[ColumnMapping.normalize(text)],
                allowed.contains(label)
            {
                return label
            }
        }
        return nil
    }

    // MARK: Dates

    /// Patterns tried when the built-in forms (ISO 8601, epoch seconds, …) read no creation time: day-first
    /// before month-first, as most of the world writes dates.
    static let datePatterns = [
        "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm",
        "dd/MM/yyyy",
        "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm", "MM/dd/yyyy h:mm a", "MM/dd/yyyy", "dd-MM-yyyy HH:mm:ss",
        "dd-MM-yyyy HH:mm", "dd-MM-yyyy", "MM-dd-yyyy HH:mm", "MM-dd-yyyy", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm",
        "yyyy/MM/dd", "MMM d, yyyy h:mm a", "d MMM yyyy HH:mm",
    ]

    /// The first pattern all of `sample` is written in, and whether its day and month could be the other way
    /// round (every day of the sample 12 or less).
    private mutating func readDates(_ sample: [String]) {
        guard !sample.isEmpty, !sample.allSatisfy({ TimestampParser().parse($0) != nil }) else { return }
        func fits(_ pattern: String) -> Bool {
            let parser = TimestampParser(extraFormats: [pattern])
            // Written as the pattern says, separators included: a date formatter alone reads 03/11/2026 as dd.MM.yyyy.
            let shape = Self.shape(of: pattern)
            return sample.allSatisfy { $0.trimmed.wholeMatch(of: shape) != nil && parser.parse($0) != nil }
        }
        guard let found = Self.datePatterns.first(where: fits) else {
            unreadDate = sample.first { TimestampParser().parse($0) == nil }
            return
        }
        dateFormat = found
        let swapped = found.replacingOccurrences(of: "dd", with: "\u{0}").replacingOccurrences(of: "MM", with: "dd")
            .replacingOccurrences(of: "\u{0}", with: "MM")
        if swapped != found, fits(swapped) { ambiguousDateFormat = swapped }
    }

    /// A regular expression of the text a date pattern writes: digits where it has numbers, its separators as
    /// they are.
    static func shape(of pattern: String) -> Regex<Substring> {
        var expression = ""
        var rest = Substring(pattern)
        let tokens: [(String, String)] = [
            ("yyyy", "[0-9]{4}"), ("MMM", "[A-Za-z]{3}"), ("MM", "[0-9]{1,2}"), ("dd", "[0-9]{1,2}"),
            ("HH", "[0-9]{1,2}"),
            ("mm", "[0-9]{2}"), ("ss", "[0-9]{2}"), ("d", "[0-9]{1,2}"), ("h", "[0-9]{1,2}"), ("a", "(?:[AaPp][Mm])"),
        ]
        while let first = rest.first {
            if let (token, replacement) = tokens.first(where: { rest.hasPrefix($0.0) }) {
                expression += replacement
                rest = rest.dropFirst(token.count)
            } else {
                expression += NSRegularExpression.escapedPattern(for: String(first))
                rest = rest.dropFirst()
            }
        }
        return try! Regex(expression)
    }

    // MARK: Reading the sample

    /// The header and up to `sampleSize` rows, each column's value(s) by column name.
    static func sample(path: String, encoding: String?, delimiter: CSVDelimiter) throws
        -> (header: [String], rows: [[String: [String]]], encoding: String?, delimiter: CSVDelimiter?)
    {
        // Opened as import opens it: a missing file, a folder or a zip archive is said as import says it.
        let source = try ByteSource(path: path, encoding: encoding)
        var format = ImportFormat.infer(fromPath: path)
        var head: [UInt8] = []
        if format != .csv {
            // One chunk tells JSON from CSV; only JSON reads on (a CSV file is read again, from its start, by libcsv).
            head = try read(source, upTo: 1)
            let first = head.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            format = format ?? (first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .jsonl : .csv)
            if format == .jsonl { head += try read(source, upTo: jsonSampleBytes - head.count) }
        }
        guard format == .csv else {
            let (header, rows) = try jsonSample(head, path: path)
            return (header, rows, nil, nil)
        }
        let csvSource = head.isEmpty ? source : try ByteSource(path: path, encoding: encoding)
        let reader = try CSVRecordReader(source: csvSource, delimiter: delimiter)
        guard let record = try reader.next(), record.fields.contains(where: { !$0.trimmed.isEmpty }) else {
            throw ImportError.noHeader(file: path)
        }
        // As import says it: a header that is not text in the encoding names the encoding to pass.
        if record.invalidUTF8Field != nil { throw ImportError.headerNotText(file: path, encoding: csvSource.encoding) }
        let header = record.fields.map(\.trimmed)
        var rows: [[String: [String]]] = []
        while rows.count < sampleSize, let record = try reader.next() {
            var row: [String: [String]] = [:]
            // A name given twice (Jira's "Labels", "Labels") holds the values of both.
            for (column, value) in zip(header, record.fields) where !column.isEmpty {
                row[column, default: []].append(value)
            }
            rows.append(row)
        }
        var seen: Set<String> = []
        let names = header.filter { !$0.isEmpty && seen.insert($0).inserted }
        return (names, rows, csvSource.encoding, reader.delimiter)
    }

    /// JSON read at most for a sample: a document larger than this is read line by line, as JSON Lines.
    static let jsonSampleBytes = 64 << 20

    /// Whole chunks of `source` until `limit` bytes or more are read, or it ends.
    private static func read(_ source: ByteSource, upTo limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while bytes.count < limit {
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }

    /// JSON Lines, or one document holding a list of tickets (at the top, or under one key).
    private static func jsonSample(_ bytes: [UInt8], path: String) throws -> ([String], [[String: [String]]]) {
        var objects: [[String: Any]] = []
        if let document = try? JSONSerialization.jsonObject(with: Data(bytes)) {
            if let list = document as? [[String: Any]] {
                objects = list
            } else if let object = document as? [String: Any] {
                objects = object.values.compactMap { $0 as? [[String: Any]] }.max { $0.count < $1.count } ?? [object]
            }
        } else {
            for line in bytes.split(separator: UInt8(ascii: "\n")) where objects.count < sampleSize {
                if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] {
                    objects.append(object)
                }
            }
        }
        guard !objects.isEmpty else {
            throw ImportError.unreadable(
                file: path, reason: "no JSON object in its first rows: is it JSON Lines, or a CSV file?")
        }
        var header: [String] = []
        var seen: Set<String> = []
        let rows = objects.prefix(sampleSize).map { object in
            var row: [String: [String]] = [:]
            flatten(object, prefix: "", into: &row)
            for key in row.keys.sorted() where seen.insert(key).inserted { header.append(key) }
            return row
        }
        return (header, rows)
    }

    /// A JSON object's scalars and lists of scalars by their dotted key.
    private static func flatten(_ object: [String: Any], prefix: String, into row: inout [String: [String]]) {
        for (key, value) in object {
            let name = prefix + key
            if let nested = value as? [String: Any] {
                flatten(nested, prefix: name + ".", into: &row)
            } else if let list = value as? [Any] {
                row[name] = list.compactMap(scalar)
            } else if let text = scalar(value) {
                row[name] = [text]
            }
        }
    }

    private static func scalar(_ value: Any) -> String? {
        switch value {
        case is NSNull: nil
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
