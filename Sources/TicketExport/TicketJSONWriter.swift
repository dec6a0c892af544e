import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Writes a ticket as one line of JSON Lines: our fields and the attributes it keeps, keys in the order
/// Foundation's writer sorts them, byte for byte what building the object as a dictionary and writing that
/// wrote. Our fields go straight from the record into the bytes: boxing each in `Any`, hashing the dictionary and
/// sorting its keys again for every ticket took most of a JSON Lines export (2.6 times a CSV export's time).
///
/// Used by one thread at a time.
final class TicketJSONWriter {
    /// Our keys, each with how its value is written.
    enum Field: CaseIterable {
        case id, title, description, category, priority, status, createdAt, resolvedAt, labelSource, assignee, group,
            channel, tags, firstResponseAt, satisfaction

        var key: String {
            switch self {
            case .labelSource: "label_source"
            case .createdAt: TicketField.createdAt.rawValue
            case .resolvedAt: TicketField.resolvedAt.rawValue
            case .firstResponseAt: TicketField.firstResponseAt.rawValue
            default: "\(self)"
            }
        }
    }

    /// A key of the written object: one of ours, or an attribute's (under its exported name).
    enum Entry {
        case ours(Field)
        case attribute(name: String)
    }

    private let values = JSONObjectWriter()
    /// Each key's text, `"key":`, written once.
    private var quotedKeys: [String: [UInt8]] = [:]
    /// The entries in written order, by the attributes' names in code-point order (none: our fields alone).
    private var orders: [[String]: [(key: [UInt8], entry: Entry)]] = [:]
    /// Distinct attribute sets are few (one per shape of the original export); ever-new ones stay bounded.
    private let maxOrders = 1024

    /// Appends the ticket's line (with its newline) to `out`; false, with `out` as it was, when an attribute holds a
    /// value this writer cannot write (the caller then has Foundation say why).
    func append(_ record: TicketRecord, attributes: [String: Any], to out: inout [UInt8]) -> Bool {
        let start = out.count
        out.append(UInt8(ascii: "{"))
        for (index, item) in order(for: attributes).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: item.key)
            switch item.entry {
            case .ours(let field):
                write(field, of: record, to: &out)
            case .attribute(let name):
                guard values.append(attributes[name]!, to: &out) else {
                    out.removeSubrange(start...)
                    return false
                }
            }
        }
        out.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
        return true
    }

    private func write(_ field: Field, of record: TicketRecord, to out: inout [UInt8]) {
        func text(_ value: String?) {
            if let value { values.appendString(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        func time(_ value: Int64?) { text(value.map { UTCTimestamp.format(epochSeconds: $0) }) }
        switch field {
        case .id: text(record.externalID)
        case .title: text(record.title)
        case .description: text(record.description)
        case .category: text(record.category?.rawValue)
        case .priority: text(record.priority?.rawValue)
        case .status: text(record.status.rawValue)
        case .createdAt: time(record.createdAt)
        case .resolvedAt: time(record.resolvedAt)
        case .labelSource: text(record.labelSource)
        case .assignee: text(record.assignee)
        case .group: text(record.group)
        case .channel: text(record.channel)
        case .tags:
            out.append(UInt8(ascii: "["))
            for (index, tag) in TicketRecord.decodeTags(record.tags).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                values.appendString(tag, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .firstResponseAt: time(record.firstResponseAt)
        case .satisfaction: text(record.satisfaction)
        }
    }

    /// Our fields and the attributes, in the order Foundation's writer gives their keys. An attribute exported
    /// under one of our keys (never: those go out as `attributes.NAME`) would give way to ours, as in the object
    /// it replaces.
    private func order(for attributes: [String: Any]) -> [(key: [UInt8], entry: Entry)] {
        let names = attributes.keys.sorted()
        if let known = orders[names] { return known }
        var entries: [String: Entry] = [:]
        for name in names { entries[AttributeName.exported(name)] = .attribute(name: name) }
        for field in Field.allCases { entries[field.key] = .ours(field) }
        let order = values.writtenOrder(ofSortedKeys: entries.keys.sorted()).map { key in
            (key: quoted(key), entry: entries[key]!)
        }
        if orders.count < maxOrders { orders[names] = order }
        return order
    }

    private func quoted(_ key: String) -> [UInt8] {
        if let known = quotedKeys[key] { return known }
        var text: [UInt8] = []
        values.appendString(key, to: &text)
        text.append(UInt8(ascii: ":"))
        if quotedKeys.count < 4096 { quotedKeys[key] = text }
        return text
    }
}
