import Foundation
import TicketModel
import TicketDatabase

extension ColumnMapping {
    /// The mapping `--mapping` names: a preset name or the path of a YAML or JSON mapping file.
    public static func resolve(_ nameOrPath: String?) throws -> ColumnMapping {
        guard let nameOrPath else { return .ticketjobs }
        if let preset = preset(named: nameOrPath) { return preset }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw ImportError.unknownMapping(name: nameOrPath)
        }
        return try load(path: nameOrPath)
    }

    /// Loads a mapping file:
    ///
    /// ```yaml
    /// version: 1
    /// extends: zendesk            # optional: start from a preset
    /// columns: {id: Ticket, title: subject, category: [queue, team]}
    /// values: {category: {"Billing and Payments": billing, "Spam": null}}
    /// defaults: {status: open}
    /// date_formats: ["dd.MM.yyyy HH:mm"]
    /// first_response_minutes: [First reply time in minutes]   # a duration, when there is no instant
    /// ```
    public static func load(path: String) throws -> ColumnMapping {
        let root = try ConfigNode.load(path: path)
        return try parse(root)
    }

    static func parse(_ root: ConfigNode) throws -> ColumnMapping {
        let keys = try root.mapping(allowed: [
            "version", "extends", "columns", "values", "defaults", "date_formats", "encoding", "delimiter",
            "first_response_minutes",
        ])
        guard let version = keys["version"] else { throw root.error("missing 'version' (this tool reads version 1)") }
        guard try version.int() == 1 else { throw version.error("unsupported version (this tool reads version 1)") }
        var mapping = ColumnMapping(name: root.file, columns: [:])
        if let extends = keys["extends"] {
            let name = try extends.string()
            guard let preset = preset(named: name) else {
                throw extends.error("unknown preset '\(name)' (one of \(presetNames.joined(separator: ", ")))")
            }
            mapping = preset
            mapping.name = root.file
        }
        func field(_ name: String, at node: ConfigNode) throws -> TicketField {
            guard let field = TicketField(rawValue: name) else {
                throw ConfigError(
                    file: node.file, line: node.line, key: node.path,
                    reason: "unknown field (one of \(TicketField.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return field
        }
        if let columns = keys["columns"] {
            for (name, value) in try columns.pairs() {
                mapping.columns[try field(name, at: value)] = try value.strings()
            }
        }
        if let values = keys["values"] {
            for (name, table) in try values.pairs() {
                let target = try field(name, at: table)
                guard target.hasMappedValues else {
                    throw table.error("values can only be mapped for category, priority, status, channel and satisfaction")
                }
                var entries = mapping.values[target] ?? [:]
                for (source, value) in try table.pairs() {
                    let label: String? = value.isNull ? nil : try value.string()
                    if let label, !ColumnMapping.isValid(label, for: target) {
                        throw value.error(
                            target == .category || target == .priority
                                ? "'\(label)' is not a label name (lowercase letters, digits, '_' and '-')"
                                : "'\(label)' is not a \(target.rawValue) value")
                    }
                    entries[normalize(source)] = label
                }
                mapping.values[target] = entries
            }
        }
        if let minutes = keys["first_response_minutes"] {
            mapping.firstResponseMinutes = try minutes.strings()
        }
        if let defaults = keys["defaults"] {
            for (name, value) in try defaults.pairs() {
                mapping.defaults[try field(name, at: value)] = try value.string()
            }
        }
        if let encoding = keys["encoding"] {
            let name = try encoding.string()
            guard (try? ByteSource.checkEncoding(name)) != nil else {
                throw encoding.error("unknown encoding (one iconv knows: utf-8, windows-1252, iso-8859-1, utf-16…)")
            }
            mapping.encoding = name
        }
        if let delimiter = keys["delimiter"] {
            guard let parsed = CSVDelimiter(argument: try delimiter.string()) else {
                throw delimiter.error("expected \(CSVDelimiter.expected)")
            }
            mapping.delimiter = parsed
        }
        if let formats = keys["date_formats"] {
            mapping.dateFormats += try formats.strings()
        }
        guard mapping.columns[.id] != nil else { throw root.error("'columns' must name the column of 'id'") }
        return mapping
    }

    static func isValid(_ label: String, for field: TicketField) -> Bool {
        switch field {
        // Whether a category or priority is in the taxonomy is the database's to say, at import.
        case .category, .priority: Taxonomy.isValidName(label)
        case .status: Status(rawValue: label) != nil
        case .channel: !label.trimmed.isEmpty
        case .satisfaction: (try? RowNormalizer.satisfaction(label, nil).get()) != nil
        default: false
        }
    }
}
