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
    /// The columns' positions in the order a JSON import writes their keys, when that differs from this one.
    private let jsonImportOrder: [Int]?

    init(header: [String], names: [String]) {
        // Keyed by the attribute each column is (`attributes.id` is `id`, `via:json` is `via`, see
        // `AttributeName`), in that order.
        let attributes = Set(names).map { name in (name, AttributeName.importedColumn(name)) }.sorted { $0.1.name < $1.1.name }
        columns = attributes.map { name, attribute in
            (header.indices.filter { header[$0] == name }, JSONText.quote(attribute.name), attribute.json, name)
        }.filter { !$0.indexes.isEmpty }
        writer = columns.contains { $0.json } ? JSONObjectWriter() : nil
        let keys = attributes.map(\.1.name)
        let jsonOrder = keys.indices.sorted { JSONObjectWriter.foundationOrder(keys[$0], keys[$1]) }
        jsonImportOrder = jsonOrder == Array(keys.indices) || keys.count != columns.count ? nil : jsonOrder
    }

    var isEmpty: Bool { columns.isEmpty }

    /// The object for one row's fields, or nil when every attribute is empty, and the same object with its keys in
    /// the order a JSON import writes them when that differs (a ticket a JSON export imported holds them so, and
    /// a CSV export then import of it changes nothing); throws the reason to reject the row when a JSON cell is
    /// not JSON.
    func encodeBothOrders(_ fields: [String]) throws(RowRejection.Reason) -> (text: String?, jsonImportOrder: String?) {
        guard let jsonImportOrder else { return (try encode(fields) { _ in }, nil) }
        var members = [String?](repeating: nil, count: columns.count)
        let text = try encode(fields) { members[$0.column] = $0.member }
        guard text != nil else { return (nil, nil) }
        let written = jsonImportOrder.compactMap { members[$0] }
        let reordered = "{" + written.joined(separator: ",") + "}"
        return (text, reordered == text ? nil : reordered)
    }

    /// Calls `member` with each `"key":value` written, and its column's position.
    private func encode(_ fields: [String], member: ((column: Int, member: String)) -> Void) throws(RowRejection.Reason) -> String? {
        var text = ""
        for (position, (indexes, key, json, column)) in columns.enumerated() {
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
            let written = key + ":" + value
            text += text.isEmpty ? "{" : ","
            text += written
            member((position, written))
        }
        return text.isEmpty ? nil : text + "}"
    }
}
