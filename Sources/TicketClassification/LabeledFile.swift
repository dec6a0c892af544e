import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport

/// Reads a labeled export (any format and mapping the importer understands) into tickets, through a
/// scratch in-memory store so that every rule of the importer applies.
public enum LabeledFile {
    /// The file's tickets; labels outside `taxonomy` reject their rows.
    public static func tickets(at path: String, mapping: ColumnMapping = .ticketjobs, taxonomy: Taxonomy = .standard) throws -> [Ticket] {
        let store = try TicketStore()
        if taxonomy != .standard { _ = try store.replaceTaxonomy(taxonomy) }
        var options = ImportOptions()
        options.mapping = mapping
        options.rejectsPath = FileManager.default.temporaryDirectory.appendingPathComponent("ticketjobs-labeled-\(UUID().uuidString).rejects").path
        defer { try? FileManager.default.removeItem(atPath: options.rejectsPath!) }
        _ = try Importer(store: store, logger: Logger(label: "labeled-file", factory: { _ in SwiftLogNoOpLogHandler() }))
            .run(paths: [path], options: options)
        return try store.ticketsInSourceOrder()
    }
}
