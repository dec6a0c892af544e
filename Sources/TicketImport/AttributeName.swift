import TicketModel

/// How an attribute whose name is one of our columns is written by `export`, and read back by `import`.
///
/// A kept column can share a name with ours: the ticket number Jira's API calls `id` beside the `key` that is
/// the ticket's id, the HTML `description` Freshdesk's API gives beside the plain text that is the ticket's.
/// Written under its own name it would be read back as ours (or, dropped, lost); `export` writes it as
/// `attributes.NAME`, and `import` keeps such a column as the attribute `NAME`.
public enum AttributeName {
    static let prefix = "attributes."

    /// The columns our export writes, in its order: an attribute of one of these names is written with the prefix.
    public static let ourColumns = TicketField.allCases.map(\.rawValue) + ["label_source"]
    static let reserved = Set(ourColumns.map { $0.lowercased() })

    /// The column (CSV) or key (JSONL) `export` writes the attribute `name` under.
    public static func exported(_ name: String) -> String {
        reserved.contains(name.lowercased()) ? prefix + name : name
    }

    /// The attribute a kept column or key `name` is stored as.
    static func imported(_ name: String) -> String {
        guard name.hasPrefix(prefix) else { return name }
        let rest = String(name.dropFirst(prefix.count))
        return reserved.contains(rest.lowercased()) ? rest : name
    }
}
