import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport

/// Reads a labeled export (any format and mapping the importer understands) into tickets, through a
/// scratch in-memory store so that every rule of the importer applies.
public enum LabeledFile {
    /// A file's tickets, and the rows the importer rejected (a label outside the taxonomy, a bad date…).
    public struct Contents: Sendable {
        public var tickets: [Ticket]
        public var rejected: Int
        /// The first rejected row, as "line N: reason".
        public var firstRejection: String?
    }

    /// The file's tickets; labels outside `taxonomy` reject their rows.
    public static func tickets(at path: String, mapping: ColumnMapping = .ticketjobs, taxonomy: Taxonomy = .standard) throws -> [Ticket] {
        try read(at: path, mapping: mapping, taxonomy: taxonomy).tickets
    }

    public static func read(at path: String, mapping: ColumnMapping = .ticketjobs, taxonomy: Taxonomy = .standard) throws -> Contents {
        let store = try TicketStore()
        if taxonomy != .standard { _ = try store.replaceTaxonomy(taxonomy) }
        var options = ImportOptions()
        options.mapping = mapping
        options.rejectsPath = FileManager.default.temporaryDirectory.appendingPathComponent("ticketjobs-labeled-\(UUID().uuidString).rejects").path
        defer { try? FileManager.default.removeItem(atPath: options.rejectsPath!) }
        let summary = try Importer(store: store, logger: Logger(label: "labeled-file", factory: { _ in SwiftLogNoOpLogHandler() }))
            .run(paths: [path], options: options)
        return Contents(
            tickets: try store.ticketsInSourceOrder(), rejected: summary.rejected,
            firstRejection: summary.rejected > 0 ? firstRejection(in: options.rejectsPath!) : nil)
    }

    /// "line N: reason" of the rejects file's first row (CSV with `reject_line` and `reject_reason` columns).
    private static func firstRejection(in path: String) -> String? {
        guard let reader = try? CSVRecordReader(source: try ByteSource(path: path), delimiter: .auto),
            let header = try? reader.next(), let row = try? reader.next(),
            let line = header.fields.firstIndex(of: "reject_line"), let reason = header.fields.firstIndex(of: "reject_reason"),
            line < row.fields.count, reason < row.fields.count
        else { return nil }
        return "line \(row.fields[line]): \(row.fields[reason])"
    }
}
