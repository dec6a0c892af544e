import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Writes every ticket with its current labels, in our own column names, so the labels can go back into
/// the help desk and the file imports again to the same tickets.
public struct Exporter {
    public static let columns = TicketField.allCases.map(\.rawValue) + ["label_source"]
    public let store: TicketStore

    public init(store: TicketStore) {
        self.store = store
    }

    /// Streams the export to `write` in chunks; returns the number of tickets written.
    public func export(options: ExportOptions, write: ([UInt8]) throws -> Void) throws -> Int {
        var csv = CSVLineWriter()
        var pending: [UInt8] = []
        if options.format == .csv { pending += csv.line(Exporter.columns) }
        var count = 0
        try store.forEachTicket(
            createdSince: options.since.map { Int64($0.timeIntervalSince1970.rounded(.up)) },
            until: options.until.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        ) { record in
            count += 1
            switch options.format {
            case .csv: pending += csv.line(Exporter.csvFields(record))
            case .jsonl: pending += try Exporter.jsonLine(record)
            }
            if pending.count >= 1 << 16 {
                try write(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        try write(pending)
        return count
    }

    static func csvFields(_ record: TicketRecord) -> [String] {
        [
            // Never the id: an id must import back to itself ('+44…' would be a new ticket), and ids are
            // what a system wrote, not what a customer typed.
            record.externalID,
            CSVFormulaGuard.escape(record.title),
            CSVFormulaGuard.escape(record.description),
            record.category?.rawValue ?? "",
            record.priority?.rawValue ?? "",
            record.status.rawValue,
            UTCTimestamp.format(epochSeconds: record.createdAt),
            record.resolvedAt.map { UTCTimestamp.format(epochSeconds: $0) } ?? "",
            record.labelSource ?? "",
        ]
    }

    static func jsonLine(_ record: TicketRecord) throws -> [UInt8] {
        let object: [String: Any] = [
            "id": record.externalID,
            "title": record.title,
            "description": record.description,
            "category": record.category?.rawValue ?? NSNull(),
            "priority": record.priority?.rawValue ?? NSNull(),
            "status": record.status.rawValue,
            "created_at": UTCTimestamp.format(epochSeconds: record.createdAt),
            "resolved_at": record.resolvedAt.map { UTCTimestamp.format(epochSeconds: $0) } ?? NSNull(),
            "label_source": record.labelSource ?? NSNull(),
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return [UInt8](data) + [0x0A]
    }
}
