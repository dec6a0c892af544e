import TicketModel

/// Writes a CSV row's other columns (those no field takes) as a JSON object with sorted keys, leaving out empty
/// values: what `tickets.attributes` keeps and `export` writes back as columns. Written by hand: it runs once
/// per row, and JSONSerialization would cost more than reading the row.
struct AttributesEncoder {
    /// Column positions, in the order of their sorted names, with each name already quoted.
    private let columns: [(index: Int, key: String)]

    init(header: [String], names: [String]) {
        columns = names.sorted().compactMap { name in
            header.firstIndex(of: name).map { ($0, Self.quote(name)) }
        }
    }

    var isEmpty: Bool { columns.isEmpty }

    /// The object for one row's fields, or nil when every attribute is empty.
    func encode(_ fields: [String]) -> String? {
        var text = ""
        for (index, key) in columns where !fields[index].isEmpty {
            text += text.isEmpty ? "{" : ","
            text += key + ":" + Self.quote(ColumnResolver.unescapeFormula(fields[index]))
        }
        return text.isEmpty ? nil : text + "}"
    }

    static func quote(_ value: String) -> String { JSONText.quote(value) }
}
