import Foundation
import GRDB
import Logging
import TicketModel

/// Stores one file's rows in batches: the import's only way into the tickets table (see
/// `TicketStore.withBulkLoad`). Each row is inserted, updated, or found unchanged by its content hash; `commit`
/// ends a batch, so an interrupted import keeps whole batches and a re-run completes it.
public final class BulkLoader {
    /// What storing a row did.
    public enum Outcome: Sendable, Equatable {
        case inserted, updated, unchanged
        /// A first load met the id again (the empty table's unique index says so): nothing was stored; the
        /// row that holds it first is on that line.
        case repeated(firstLine: Int)
    }

    let db: Database
    /// True for a first load into an empty table: rows go in by plain INSERT, the report rollups are counted
    /// here, and the secondary indexes are built once at the end.
    public let isFirstLoad: Bool
    private let upserter: TicketUpserter
    /// A first load's rollup counts, kept here until a preparer takes them over.
    private var counter: RollupCounter?
    /// Where rows are prepared, once asked for: a first load's rollups are then counted there.
    private var preparer: RowPreparer?
    /// The counted rollups hold only if every row was inserted or repeated (and, with a preparer, prepared): an
    /// update leaves them to be rebuilt from the table instead.
    private var everyRowInserted = true
    /// Rows the preparer counted that a first load then found repeated (not stored): taken back out of its
    /// counts at the end. Past `maxUncounted`, the rollups are rebuilt from the table instead.
    private var uncounted: [NormalizedRow] = []
    private static let maxUncounted = 10_000
    private var inTransaction = false

    init(_ db: Database, firstLoad: Bool) throws {
        self.db = db
        isFirstLoad = firstLoad
        upserter = try TicketUpserter(db, firstLoad: firstLoad)
        counter = firstLoad ? RollupCounter() : nil
    }

    /// A preparer for the rows this loader will store, for another thread to use (at most one a load). Every row
    /// stored should then come prepared by it; the loader takes its counts once the caller is done with it.
    public func makePreparer() -> RowPreparer {
        precondition(preparer == nil, "one preparer a load")
        let made = RowPreparer(scheme: upserter.scheme, counter: counter, labelFree: !isFirstLoad)
        counter = nil
        preparer = made
        return made
    }

    /// Stores one row (`file` and `line` say where it came from).
    public func store(_ row: NormalizedRow, file: String, line: Int, importedAt: Int64) throws -> Outcome {
        if !inTransaction { try begin() }
        let outcome = try upserter.upsert(row, file: file, line: line, importedAt: importedAt)
        switch outcome {
        case .inserted where preparer == nil: counter?.add(row)
        // Counted when prepared: a row stored unprepared is missing from the counts.
        case .inserted: if row.preparedHash == nil { everyRowInserted = false }
        // Not inserted, yet counted by the preparer.
        case .repeated where preparer != nil && everyRowInserted:
            if uncounted.count < Self.maxUncounted {
                uncounted.append(row)
            } else {
                everyRowInserted = false
                uncounted = []
            }
        case .updated, .unchanged: everyRowInserted = false
        case .repeated: break
        }
        return outcome
    }

    /// The line the store's ticket with this id came from (also one stored by this load, before its commit),
    /// or nil when there is no such ticket.
    public func storedLine(id: String) throws -> Int? {
        try upserter.storedLine(of: id)
    }

    /// Commits the rows stored since the last commit.
    public func commit() throws {
        guard inTransaction else { return }
        try db.execute(sql: "COMMIT")
        inTransaction = false
    }

    private func begin() throws {
        try db.execute(sql: "BEGIN IMMEDIATE")
        inTransaction = true
    }

    /// Drops the rows stored since the last commit.
    func rollback() {
        guard inTransaction else { return }
        try? db.execute(sql: "ROLLBACK")
        inTransaction = false
    }

    /// The first load's counted rollups, when they hold. With a preparer, call it once, after its thread has
    /// ended: rows it prepared beyond the last stored (a load that failed) are in its counts, which are then not
    /// used.
    func countedRollups() -> RollupCounter? {
        guard everyRowInserted else { return nil }
        guard let preparer else { return counter }
        guard var counted = preparer.counter else { return nil }
        for row in uncounted { counted.add(row, weight: -1) }
        return counted
    }
}

extension TicketStore {
    /// Loads rows through `body`'s loader. What `body` committed stays if it throws; the rows since its last
    /// commit are rolled back.
    ///
    /// A first load into an empty table suspends the report rollups' triggers and the secondary indexes, and
    /// builds both once at the end instead of row by row. It runs on a dedicated connection with the file to
    /// itself, through a rollback journal (every page written once; WAL writes each twice into the log and then
    /// the file) with fully synced commits; the store is back in WAL mode after it, or this throws. While
    /// another process has the file open, the load stays in WAL on that connection.
    ///
    /// The import of `file` that completes a first load left unfinished (killed, stopped, or the machine down:
    /// the store holds nothing but what earlier, unfinished imports of this path stored) is loaded the same way,
    /// by upserts: with the indexes and triggers live it took ~6 times as long as the first load itself.
    ///
    /// A large load of `file` into a store that holds tickets loads the same way: row by row, each new ticket cost
    /// ~60 µs in index and trigger upkeep, where the rebuild at the end costs ~3 µs for every ticket stored. Large:
    /// its new rows (the share `newRowShare` gives, as the importer judges from the file's first and last rows, and
    /// at least as much as the file holds beyond the store's size) come to `largeLoadMinimumBytes` and a twentieth of
    /// the store's size. `newRowShare` is asked only then: not for a first load, nor one completing a killed one.
    public func withBulkLoad<T>(
        of file: FileFingerprint? = nil, newRowShare: (() -> Double?)? = nil, logger: Logger,
        _ body: (BulkLoader) throws -> T
    ) throws -> T {
        do {
            return try bulkLoad(of: file, newRowShare: newRowShare, logger: logger, body)
        } catch let error as DatabaseError where StoreError.isDiskFull(error) {
            // SQLite's "database or disk is full" names neither: a full disk is the likelier, and the path says
            // which.
            throw StoreError.diskFull(path: path ?? ":memory:")
        } catch let error as DatabaseError where StoreError.isLocked(error) {
            // Met on the load's own connection (another import took the file first, say): said as the store's
            // other accesses say it.
            throw Self.locked(path ?? ":memory:")
        }
    }

    private func bulkLoad<T>(
        of file: FileFingerprint?, newRowShare: (() -> Double?)?, logger: Logger, _ body: (BulkLoader) throws -> T
    ) throws -> T {
        let (firstLoad, completing, storeBytes) = try read { db -> (Bool, Bool, Int64) in
            let empty = try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tickets)")!
            let completing = try !empty && file.map { try Self.onlyUnfinishedImports(of: $0, db) } ?? false
            return (empty, completing, try Self.storeBytes(db))
        }
        // Asked outside the read: the importer's look at the file reads the store too.
        var newBytes: Int64?
        if !firstLoad, !completing, let file, let share = newRowShare?() {
            let bytes = Self.newBytes(fileBytes: file.size, newRowShare: share, storeBytes: storeBytes)
            if Self.isLargeLoad(newBytes: bytes, storeBytes: storeBytes, minimum: largeLoadMinimumBytes) { newBytes = bytes }
        }
        let large = newBytes != nil
        guard firstLoad || completing || large, let path else {
            try rebuildIfNeeded()
            return try writer.writeWithoutTransaction { db in
                try load(db, firstLoad: firstLoad, suspending: firstLoad, logger: logger, body)
            }
        }
        return try withPoolClosed {
            let queue = try DatabaseQueue(path: path, configuration: Self.configuration())
            defer { try? queue.close() }
            return try queue.writeWithoutTransaction { db in
                // Leaving WAL needs the only connection to the file; while another process has it open, SQLite
                // keeps WAL and says so. Asked without waiting: a busy file means another connection.
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                let rollbackJournal = (try? String.fetchOne(db, sql: "PRAGMA journal_mode = TRUNCATE")) == "truncate"
                try db.execute(sql: "PRAGMA busy_timeout = 10000")
                guard rollbackJournal else {
                    // Another process has the file: a load like any other, the rollups kept row by row, since
                    // that process may write tickets too.
                    logger.debug("bulk load: the file is shared, loading with the rollups maintained")
                    try db.inTransaction { try ReportRollups.ensure(db); return .commit }
                    return try load(db, firstLoad: false, suspending: false, logger: logger, body)
                }
                // The load keeps the file to itself until it ends (exclusive locking mode holds the lock from
                // the first write): nobody may write tickets the suspended triggers would not count. Under the
                // lock the table is looked at again, since another import may have filled it meanwhile. The load
                // lock says who has it to those kept out (a folder it cannot be made in only leaves them unsaid).
                let loadLock = try? ProcessLock.acquire(path: Self.loadLockPath(path), now: Date())
                defer { withExtendedLifetime(loadLock) {} }
                try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
                try db.execute(sql: "BEGIN EXCLUSIVE")
                let stillEmpty = Result { try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tickets)")! }
                try db.execute(sql: "COMMIT")
                logger.debug("first load: rollback journal, exclusive")
                try db.execute(sql: "PRAGMA synchronous = FULL")
                let result = Result {
                    let empty = try stillEmpty.get()
                    // Said once the file is the load's alone: shared, the load would maintain everything.
                    if !empty && completing {
                        logger.info(
                            "completing an unfinished first load: indexes and report rollups rebuilt at the end",
                            metadata: ["file": "\(file?.path ?? "")"])
                    } else if !empty && large {
                        logger.info(
                            "a large import into a database holding tickets: indexes and report rollups rebuilt at the end",
                            metadata: [
                                "file": "\(file?.path ?? "")",
                                "new_mb": "\((newBytes ?? 0) >> 20)",
                            ])
                    }
                    // A load that suspends rebuilds at its end what a killed load left for the open to rebuild; one
                    // that found the table filled meanwhile, and keeps everything row by row, rebuilds it first.
                    if !empty && !completing && !large { try db.inTransaction { try ReportRollups.ensure(db); return .commit } }
                    return try load(db, firstLoad: empty, suspending: empty || completing || large, logger: logger, body)
                }
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Back to normal locking; the journal-mode change below is the access that releases the lock.
                try db.execute(sql: "PRAGMA locking_mode = NORMAL")
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else {
                    throw StoreError.cannotOpen(
                        path: path, reason: "could not return to WAL mode after a first load (\(mode ?? "?"))")
                }
                return try result.get()
            }
        }
    }

    /// Without `firstLoad`, rows go in by upsert; with `suspending`, the rollups' triggers and the secondary
    /// indexes are suspended for the load and rebuilt once at its end.
    private func load<T>(
        _ db: Database, firstLoad: Bool, suspending: Bool, logger: Logger, _ body: (BulkLoader) throws -> T
    ) throws -> T {
        // Fewer checkpoints keep SQLite from writing every page twice while the import runs. A page cache larger
        // than 8 MB measured slower (and raised the peak past 100 MB): the operating system caches the file anyway.
        try db.execute(sql: "PRAGMA cache_size = -8192; PRAGMA wal_autocheckpoint = 16384; PRAGMA temp_store = MEMORY")
        defer {
            try? db.execute(
                sql: "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000; PRAGMA temp_store = DEFAULT; PRAGMA threads = 0")
            _ = try? db.checkpoint(.passive)
        }
        if suspending { try db.inTransaction { try ReportRollups.suspend(db); return .commit } }
        let loader = try BulkLoader(db, firstLoad: firstLoad)
        let result = Result {
            let value = try body(loader)
            try loader.commit()
            return value
        }
        var succeeded = true
        if case .failure = result {
            succeeded = false
            loader.rollback()
        }
        if suspending {
            do {
                // Sorting a million rows in memory would triple the import's peak: let it spill to disk. The
                // reading is done, so SQLite may sort on a helper thread (index builds measured a quarter faster).
                try db.execute(sql: "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -5120; PRAGMA threads = 1")
                // Counts include rows a failure rolled back: then the tables are scanned instead, as after
                // upserts (only a first load counts).
                let counted = succeeded && firstLoad ? loader.countedRollups() : nil
                try db.inTransaction { try ReportRollups.restore(db, counted: counted); return .commit }
            } catch {
                // The next open of the store rebuilds them.
                logger.error("could not rebuild the report rollups", metadata: ["error": "\(error)"])
            }
        }
        return try result.get()
    }

    /// The bytes of a file of `fileBytes` likely to be tickets a store of `storeBytes` does not hold: `newRowShare` of
    /// it, and at least what it holds beyond the store's size (an export grown since the store took its first rows
    /// starts with tickets it holds, and a file larger than the store cannot be all stored ones).
    static func newBytes(fileBytes: Int64, newRowShare: Double, storeBytes: Int64) -> Int64 {
        max(Int64((Double(fileBytes) * min(max(newRowShare, 0), 1)).rounded()), fileBytes - storeBytes)
    }

    /// Whether a load of `newBytes` of rows the store does not hold costs less with the indexes and triggers
    /// suspended and rebuilt at its end than kept row by row: from `minimum`, and a twentieth of the store's size
    /// (a rebuild touches every ticket, the upkeep only the new ones, at ~20 times the cost each).
    static func isLargeLoad(newBytes: Int64, storeBytes: Int64, minimum: Int64) -> Bool {
        newBytes >= max(minimum, storeBytes / 20)
    }

    /// Whether a load of `newBytes` of new rows into this store, as it is now, would be large (see `withBulkLoad`).
    public func isLargeLoad(newBytes: Int64) throws -> Bool {
        let minimum = largeLoadMinimumBytes
        return try read { db in
            Self.isLargeLoad(newBytes: newBytes, storeBytes: try Self.storeBytes(db), minimum: minimum)
        }
    }

    /// The database file's size in bytes, as SQLite counts its pages.
    static func storeBytes(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()") ?? 0
    }

    /// How many distinct `ids` the store holds tickets for: an import's look at its file's first and last rows,
    /// before it chooses how to load it.
    public func storedTicketCount(among ids: Set<String>) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let list = String(decoding: try JSONEncoder().encode(ids.sorted()), as: UTF8.self)
        return try read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM tickets WHERE external_id IN (SELECT value FROM json_each(?))",
                arguments: [list]) ?? 0
        }
    }

    /// Whether every import the store has recorded is of `file`'s path and none completed: the store then holds
    /// only what unfinished imports of that file stored (the running one is among them).
    static func onlyUnfinishedImports(of file: FileFingerprint, _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: "SELECT COUNT(*) > 1 AND COUNT(*) = SUM(path = ? AND status <> 'completed') FROM import_files",
            arguments: [file.path]) ?? false
    }
}
