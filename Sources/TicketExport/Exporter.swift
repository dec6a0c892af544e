import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport

/// Writes every ticket with its current labels, in our own column names, so the labels can go back into
/// the help desk and the file imports again to the same tickets.
public struct Exporter: Sendable {
    public static let columns = AttributeName.ourColumns
    public let store: TicketStore
    let logger: Logger

    public init(store: TicketStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Streams the export to `write` in chunks; returns the number of tickets written. `progress` hears how far it
    /// has come every `options.progressInterval` tickets and at the end (a million tickets take several seconds).
    /// When the task is cancelled (SIGINT, SIGTERM) it stops before its next chunk and throws `CancellationError`,
    /// so that the caller drops what it wrote rather than keep a file cut short.
    public func export(
        options: ExportOptions, progress: (ExportProgress) -> Void = { _ in }, write: ([UInt8]) throws -> Void
    ) throws -> Int {
        var csv = CSVLineWriter()
        var pending: [UInt8] = []
        let since = options.since.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        let until = options.until.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        // The export's other columns, kept at import, go back out after ours (one of our names as
        // `attributes.NAME`, one holding more than text as `NAME:json`: see `AttributeName`).
        let columns = try store.attributeNames(createdSince: since, until: until)
        let attributes = columns.map(\.name)
        let header = columns.map { AttributeName.exportedColumn($0.name, json: $0.holdsJSON) }
        let json = header.map { $0.hasSuffix(AttributeName.jsonSuffix) }
        if options.format == .csv { pending += csv.line(Exporter.columns + header) }
        var count = 0
        var chunks = 0
        let total = try store.ticketCount(createdSince: since, until: until)
        // Foundation's writer, sorting every object's keys with a locale-aware comparison, took 90% of exporting
        // a Zendesk JSON export's tickets; these write the same bytes.
        let jsonWriter = TicketJSONWriter()
        let lineWriter = JSONObjectWriter()
        let valueWriter = JSONObjectWriter(escapingSlashes: true)
        try store.forEachTicket(createdSince: since, until: until) { record in
            count += 1
            if count % options.progressInterval == 0 { progress(ExportProgress(exported: count, total: max(total, count))) }
            switch options.format {
            case .csv: pending += csv.line(Exporter.csvFields(record) + Exporter.attributeFields(record, attributes, json, valueWriter))
            case .jsonl:
                if !jsonWriter.append(record, attributes: Exporter.attributes(record), to: &pending) {
                    pending += try Exporter.jsonLine(record, lineWriter)
                }
            }
            if pending.count >= 1 << 16 {
                try stopIfAsked(afterChunks: chunks, options: options)
                try write(pending)
                chunks += 1
                pending.removeAll(keepingCapacity: true)
            }
        }
        try stopIfAsked(afterChunks: chunks, options: options)
        try write(pending)
        progress(ExportProgress(exported: count, total: count))
        return count
    }

    /// Throws when the task is cancelled; also where the test hook of `ExportOptions` waits.
    private func stopIfAsked(afterChunks chunks: Int, options: ExportOptions) throws {
        if let limit = options.pauseAfterChunks, chunks == limit {
            logger.notice("export paused (TICKETJOBS_PAUSE_EXPORT_AFTER_CHUNKS)")
            let deadline = Date().addingTimeInterval(60)
            while !Task.isCancelled, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }
        if Task.isCancelled { throw CancellationError() }
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
            CSVFormulaGuard.escape(record.assignee ?? ""),
            CSVFormulaGuard.escape(record.group ?? ""),
            record.channel ?? "",
            CSVFormulaGuard.escape(TagsField.format(TicketRecord.decodeTags(record.tags))),
            record.firstResponseAt.map { UTCTimestamp.format(epochSeconds: $0) } ?? "",
            record.satisfaction ?? "",
            record.labelSource ?? "",
        ]
    }

    /// The values of the export's other columns, in `names` order: in a column marked `json`, each as its JSON
    /// (text quoted), slashes escaped; in another, the text as it was.
    static func attributeFields(_ record: TicketRecord, _ names: [String], _ json: [Bool], _ writer: JSONObjectWriter) -> [String] {
        guard !names.isEmpty else { return [] }
        let object = Self.attributes(record)
        return names.indices.map { index in
            guard let value = object[names[index]], !JSONObjectWriter.isNull(value) else { return "" }
            if !json[index], let text = value as? String { return CSVFormulaGuard.escape(text) }
            // In a JSON column (a cell starting with a quote, a bracket, a brace, a digit, a minus or a literal: no
            // formula), or a value an import stored after the columns were chosen: its JSON, rather than nothing.
            return writer.text(value) ?? ""
        }
    }

    static func attributes(_ record: TicketRecord) -> [String: Any] {
        guard let text = record.attributes,
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { return [:] }
        return object
    }

    /// The ticket's line built as a dictionary: where `TicketJSONWriter` cannot write an attribute's value, this
    /// has Foundation say why.
    static func jsonLine(_ record: TicketRecord, _ writer: JSONObjectWriter) throws -> [UInt8] {
        var object: [String: Any] = [:]
        for (name, value) in Self.attributes(record) { object[AttributeName.exported(name)] = value }
        let ours: [String: Any] = [
            "id": record.externalID,
            "title": record.title,
            "description": record.description,
            "category": record.category?.rawValue ?? NSNull(),
            "priority": record.priority?.rawValue ?? NSNull(),
            "status": record.status.rawValue,
            "created_at": UTCTimestamp.format(epochSeconds: record.createdAt),
            "resolved_at": record.resolvedAt.map { UTCTimestamp.format(epochSeconds: $0) } ?? NSNull(),
            "label_source": record.labelSource ?? NSNull(),
            "assignee": record.assignee ?? NSNull(),
            "group": record.group ?? NSNull(),
            "channel": record.channel ?? NSNull(),
            "tags": TicketRecord.decodeTags(record.tags),
            "first_response_at": record.firstResponseAt.map { UTCTimestamp.format(epochSeconds: $0) } ?? NSNull(),
            "satisfaction": record.satisfaction ?? NSNull(),
        ]
        object.merge(ours) { _, ours in ours }
        // Every value here came from a JSON parse or is ours: the writer writes them all. Foundation says what it
        // cannot.
        guard let text = writer.text(object) else {
            return [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) + [0x0A]
        }
        return Array(text.utf8) + [0x0A]
    }
}
