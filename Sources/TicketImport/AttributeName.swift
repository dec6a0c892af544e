import TicketModel

/// How an attribute whose name is one of our columns is written by `export`, and read back by `import`.
///
/// A kept column can share a name with ours: the ticket number Jira's API calls `id` beside the `key` that is
/// the ticket's id, the HTML `description` Freshdesk's API gives beside the plain text that is the ticket's.
/// Written under its own name it would be read back as ours (or, dropped, lost); `export` writes it as
/// `attributes.NAME`, and `import` keeps such a column as the attribute `NAME`; so is a JSON export's key `""`.
///
/// A CSV cell is text: an attribute holding anything else (a list, from a column the export repeated; an object,
/// a number or a boolean, from a JSON export) goes out as the column `NAME:json`, each cell the value's JSON,
/// and `import` reads such a column's cells as JSON, so that the value comes back as it was, not as its text.
public enum AttributeName {
    static let prefix = "attributes."
    /// Marks a CSV column whose cells are JSON values.
    public static let jsonSuffix = ":json"

    /// The columns our export writes, in its order: an attribute of one of these names is written with the prefix.
    public static let ourColumns = TicketField.allCases.map(\.rawValue) + ["label_source"]
    static let reserved = Set(ourColumns.map { $0.lowercased() })

    /// The column (CSV) or key (JSONL) `export` writes the attribute `name` under.
    public static func exported(_ name: String) -> String {
        isReserved(name) ? prefix + name : name
    }

    /// Ours, or empty (a JSON key `""`, which a CSV header cannot name: an empty one is read as `column_N`).
    static func isReserved(_ name: String) -> Bool {
        name.isEmpty || reserved.contains(name.lowercased())
    }

    /// The CSV column `export` writes the attribute `name` under, its cells JSON values when `json`. A text
    /// attribute whose name ends in the suffix goes out as JSON too, or it would be read back as JSON.
    public static func exportedColumn(_ name: String, json: Bool) -> String {
        json || name.hasSuffix(jsonSuffix) ? exported(name) + jsonSuffix : exported(name)
    }

    /// The attribute a kept CSV column is stored as, and whether its cells are JSON values.
    static func importedColumn(_ column: String) -> (name: String, json: Bool) {
        guard column.hasSuffix(jsonSuffix), column.count > jsonSuffix.count else { return (imported(column), false) }
        return (imported(String(column.dropLast(jsonSuffix.count))), true)
    }

    /// The attribute a kept column or key `name` is stored as.
    static func imported(_ name: String) -> String {
        guard name.hasPrefix(prefix) else { return name }
        let rest = String(name.dropFirst(prefix.count))
        return isReserved(rest) ? rest : name
    }
}
