import Foundation
import GRDB
import Logging
import TicketModel

/// The SQLite database that holds tickets, labels, classification calls and run history.
///
/// One type owns the connection and the migrations, as GRDB recommends, and it alone speaks SQL: the stages
/// above it call intent-level methods (`withBulkLoad`, `transaction`, `reportFacts`…) and get plain values.
/// Files are opened in WAL mode so that reports can read while an import or a classification writes.
public final class TicketStore: @unchecked Sendable {
    /// Where the database lives, or nil when it is in memory.
    public let path: String?
    /// Guards `connection`, which a first load closes and reopens (see `withBulkLoad`).
    private let lock = NSLock()
    private var connection: any DatabaseWriter

    /// The connection; a pool for files, a queue for in-memory databases. Internal: only the store speaks SQL.
    package var writer: any DatabaseWriter { lock.withLock { connection } }

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws {
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            connection = try Self.openPool(path)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        self.path = path
        try migrate()
    }

    /// Opens a fresh in-memory database, for tests.
    public init() throws {
        connection = try DatabaseQueue()
        path = nil
        try migrate()
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Pages of 16 KiB hold ~25 tickets where 4 KiB hold 6: a million-row import and its index builds
            // measured 30-40% faster. SQLite applies it only when it creates the file; older stores keep theirs.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// A pool in WAL mode; GRDB fails to open it when the file cannot be switched to WAL.
    static func openPool(_ path: String) throws -> DatabasePool {
        try DatabasePool(path: path, configuration: configuration())
    }

    /// Replaces the connection for the duration of `body`, which gets the file to itself: the pool is closed
    /// before and opened again after (in WAL mode, or this throws).
    func withPoolClosed<T>(_ body: () throws -> T) throws -> T {
        guard let path, let pool = writer as? DatabasePool else { return try body() }
        try pool.close()
        let result: Result<T, any Error> = Result { try body() }
        let reopened = try Self.openPool(path)
        lock.withLock { connection = reopened }
        return try result.get()
    }

    private func migrate() throws {
        do {
            try TicketStore.migrator.migrate(writer)
            // Writes only when there is something to mend, so that opening a store never waits for a writer.
            let (abandoned, incomplete) = try writer.read { db in
                (try StoreBookkeeping.hasAbandonedRuns(db), try !ReportRollups.isComplete(db))
            }
            // What a process that died left `running`: nobody will finish it.
            if abandoned { try writer.write(StoreBookkeeping.markAbandonedRunsInterrupted) }
            // A first load that died leaves the report rollups and secondary indexes to rebuild.
            if incomplete { try writer.write(ReportRollups.ensure) }
        } catch {
            throw StoreError.migrationFailed(reason: "\(error)")
        }
    }
}
