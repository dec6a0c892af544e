import TicketModel

/// Writes a CSV row's other columns (those no field takes) as a JSON object with sorted keys, leaving out empty
/// values: what `tickets.attributes` keeps and `export` writes back as columns. Written by hand: it runs once
/// per row, and JSONSerialization would cost more than reading the row.
struct AttributesEncoder {
    /// Column positions, in the order of their sorted names, with each name already quoted; a name the header
    /// repeats has all its positions, and its values become a list.
    private let columns: [(indexes: [Int], key: String)]

    init(header: [String], names: [String]) {
        // Keyed by the attribute each column is (`attributes.id` is `id`, see `AttributeName`), in that order.
        columns = Set(names).map { name in (name, AttributeName.imported(name)) }.sorted { $0.1 < $1.1 }.map { name, key in
            (header.indices.filter { header[$0] == name }, JSONText.quote(key))
        }.filter { !$0.indexes.isEmpty }
    }

    var isEmpty: Bool { columns.isEmpty }

    /// The object for one row's fields, or nil when every attribute is empty.
    func encode(_ fields: [String]) -> String? {
        var text = ""
        for (indexes, key) in columns {
            let value: String
            if indexes.count == 1 {
                guard !fields[indexes[0]].isEmpty else { continue }
                value = JSONText.quote(ColumnResolver.unescapeFormula(fields[indexes[0]]))
            } else {
                let values = indexes.map { fields[$0] }.filter { !$0.isEmpty }
                guard !values.isEmpty else { continue }
                value = JSONText.array(values.map(ColumnResolver.unescapeFormula))
            }
            text += text.isEmpty ? "{" : ","
            text += key + ":" + value
        }
        return text.isEmpty ? nil : text + "}"
    }
}
