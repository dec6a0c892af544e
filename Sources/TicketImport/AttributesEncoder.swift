import Foundation
import TicketModel

/// Writes a CSV row's other columns (those no field takes) as a JSON object with sorted keys, leaving out empty
/// values: what `tickets.attributes` keeps and `export` writes back as columns. Written by hand: it runs once
/// per row, and JSONSerialization would cost more than reading the row.
struct AttributesEncoder {
    /// Column positions, in the order of their sorted names, with each name already quoted; a name the header
    /// repeats has all its positions, and its values become a list. A `NAME:json` column's cells are JSON.
    private let columns: [(indexes: [Int], key: String, json: Bool, column: String)]
    /// Writes a JSON cell's value as a JSON export's import writes it, so that it comes back byte for byte.
    private let writer: JSONObjectWriter?

    init(header: [String], names: [String]) {
        // Keyed by the attribute each column is (`attributes.id` is `id`, `via:json` is `via`, see
        // `AttributeName`), in that order.
        columns = Set(names).map { name in (name, AttributeName.importedColumn(name)) }.sorted { $0.1.name < $1.1.name }
            .map { name, attribute in
                (header.indices.filter { header[$0] == name }, JSONText.quote(attribute.name), attribute.json, name)
            }.filter { !$0.indexes.isEmpty }
        writer = columns.contains { $0.json } ? JSONObjectWriter() : nil
    }

    var isEmpty: Bool { columns.isEmpty }

    /// The object for one row's fields, or nil when every attribute is empty; throws the reason to reject the
    /// row when a JSON cell is not JSON.
    func encode(_ fields: [String]) throws(RowRejection.Reason) -> String? {
        var text = ""
        for (indexes, key, json, column) in columns {
            let value: String
            if json {
                var values: [String] = []
                for index in indexes where !fields[index].isEmpty {
                    guard let parsed = try? JSONSerialization.jsonObject(with: Data(fields[index].utf8), options: .fragmentsAllowed),
                        let written = writer!.text(parsed)
                    else { throw .invalidJSONCell(column: column) }
                    // A null is no value, as in a JSON export's import.
                    if !JSONObjectWriter.isNull(parsed) { values.append(written) }
                }
                guard !values.isEmpty else { continue }
                value = indexes.count == 1 ? values[0] : "[" + values.joined(separator: ",") + "]"
            } else if indexes.count == 1 {
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
