import TicketModel

/// What a file's import depends on besides the file: its format, the mapping's content (not its name), the time
/// zone, encoding, delimiter and field limit, and the database's labels. Recorded with each file imported, as a
/// stable fingerprint, so that a job skips an unchanged file only when it would read it the same way again: a
/// mapping fixed since, or a label added that rows were rejected for, imports it anew (idempotently).
struct ImportSettings {
    /// One line a setting, in a fixed order.
    private(set) var lines: [String]

    init(format: ImportFormat, options: ImportOptions, encoding: String, taxonomy: Taxonomy) {
        let mapping = options.mapping
        func byField<Value>(_ values: [TicketField: Value], _ show: (Value) -> String) -> String {
            values.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\(show($0.value))" }
                .joined(separator: "\u{1F}")
        }
        lines = [
            "format \(format.rawValue)",
            "columns \(byField(mapping.columns) { $0.joined(separator: "\u{1E}") })",
            "values \(byField(mapping.values) { $0.sorted { $0.key < $1.key }.map { "\($0.key)>\($0.value ?? "\u{0}")" }.joined(separator: "\u{1E}") })",
            "defaults \(byField(mapping.defaults) { $0 })",
            "date formats \(mapping.dateFormats.joined(separator: "\u{1E}"))",
            "ignored \(mapping.ignoredColumns.joined(separator: "\u{1E}"))",
            "first response minutes \(mapping.firstResponseMinutes.joined(separator: "\u{1E}"))",
            "delimiter \(options.delimiter != .auto ? options.delimiter.name : mapping.delimiter?.name ?? "auto")",
            "encoding \(encoding)",
            "time zone \(options.timeZone.identifier)",
            "max field bytes \(options.maxFieldBytes)",
            "categories \(taxonomy.categoryNames.joined(separator: ","))",
            "priorities \(taxonomy.priorityNames.joined(separator: ","))",
        ]
        // Releases before this one dropped what the mapping's dotted paths left of the objects they read into: a
        // JSON file they imported is read once more, to keep it.
        if format == .jsonl { lines.append("nested objects kept") }
        // Releases before this one read our export's labels as the file's own: a file of ours is read once more.
        if !mapping.labelSource.isEmpty { lines.append("label source \(mapping.labelSource.joined(separator: "\u{1E}"))") }
    }

    /// `v1-` and a 64-bit FNV-1a hash of the lines, in hex.
    var fingerprint: String {
        var hash = FNV1a()
        for line in lines { hash.combineField(line) }
        return "v1-" + String(hash.value, radix: 16)
    }
}
