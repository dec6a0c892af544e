import CSQLiteSetup
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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

    /// The default of `largeLoadMinimumBytes`: below ~16,000 rows of help-desk text the upkeep row by row costs
    /// about a second, not worth taking the file from other processes for.
    public static let defaultLargeLoadMinimumBytes: Int64 = 8 << 20

    /// New rows, in bytes of the file, from which a load into a store holding tickets may suspend the indexes and
    /// triggers (see `withBulkLoad`). Set before loading (tests lower it).
    package var largeLoadMinimumBytes: Int64 = TicketStore.defaultLargeLoadMinimumBytes

    /// The connection; a pool for files, a queue for in-memory databases. Internal: only the store speaks SQL.
    package var writer: any DatabaseWriter { lock.withLock { connection } }

    /// Reads through `writer`, in the store's words when SQLite stops (see `inStoreTerms`).
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try inStoreTerms { try writer.read(value) }
    }

    /// Writes in a transaction through `writer`, in the store's words when SQLite stops (see `inStoreTerms`).
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try inStoreTerms { try writer.write(updates) }
    }

    /// Another process holding the database past the busy timeout, or a full disk, met after the store opened (a
    /// large import that began meanwhile, say) stop a command or a job's step as they do at its open: as
    /// `StoreError.locked` (a command's exit 75) or `.diskFull`, in words that name the database, not SQLite's
    /// "database is locked - while executing `BEGIN IMMEDIATE TRANSACTION`".
    private func inStoreTerms<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where StoreError.isLocked(error) {
            throw Self.locked(path ?? ":memory:")
        } catch let error as DatabaseError where StoreError.isDiskFull(error) {
            throw StoreError.diskFull(path: path ?? ":memory:")
        }
    }

    /// The lock file an import's load holds while it has the database to itself (exclusive locking mode), named
    /// like SQLite's files beside it: a command it keeps out can say who has the database, and since when.
    static func loadLockPath(_ path: String) -> String { path + "-load.lock" }

    /// The error for a database another process held past the busy timeout: naming the import, when a load has it.
    static func locked(_ path: String) -> StoreError {
        guard let holder = ProcessLock.holder(path: loadLockPath(path)) else { return .locked(path: path) }
        return .lockedByLoad(path: path, pid: holder.pid, since: holder.since, waited: .seconds(10))
    }

    /// Where a missing database was looked for, when the path is relative, and the file likely meant:
    /// " in FOLDER; did you mean FILE?", or nil.
    static func whereMissing(_ path: String) -> String? {
        let folder = path.hasPrefix("/") ? "" : " in \(FileManager.default.currentDirectoryPath)"
        let hint = FilePaths.hint(forMissing: path).map { "; \($0)" } ?? ""
        return folder.isEmpty && hint.isEmpty ? nil : folder + hint
    }

    /// Opens the database at `path`, migrating it if needed. With `create`, a missing file is created (readable
    /// by its owner only: it holds customers' messages); without, a missing file is an error, so that a
    /// mistyped path never reads as an empty database. A missing directory is never created. `access` says whether
    /// the command may write (see `StoreAccess`); a store opened read-only is never created, migrated or mended.
    ///
    /// `forImport`: the caller is about to import (and calls `rebuildIfNeeded` when done). The rebuild of what a
    /// killed load (a first load, a large import) left suspended then waits for the import's load: one that
    /// suspends the same indexes and triggers again (completing that first load, or large itself) rebuilds them
    /// once at its end; any other load rebuilds first.
    public init(path: String, create: Bool = true, access: StoreAccess = .readWrite, forImport: Bool = false) throws {
        let readOnly = access.resolved(for: path) == .readOnly
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard create, !readOnly else { throw StoreError.noDatabase(path: path, detail: Self.whereMissing(path)) }
            try Self.createFile(path)
        } else if isDirectory.boolValue {
            // SQLite would only say "unable to open database file".
            throw StoreError.cannotOpen(
                path: path, reason: "it is a directory; --db names the database file in it (\(FilePaths.join(path, "tickets.sqlite")), say)")
        } else if Glibc.access(path, R_OK) != 0 {
            // Not read-only but unreadable (another user's store, made readable by its owner only): SQLite's
            // failure would be taken for a read-only one, and explained by its WAL files.
            throw StoreError.cannotOpen(path: path, reason: Self.unreadable(path))
        }
        // An empty file is a store being created, here or by another process: it is opened (switched to WAL)
        // and migrated under the migration lock, which others wait for without a limit. Opened beside the
        // process creating it, it met that process's first transactions with SQLite's 10 s busy timeout, which a
        // loaded machine's migration can outlast.
        let setUpLock = !readOnly && Self.isEmpty(path) ? try MigrationLock(databasePath: path) : nil
        defer { setUpLock?.release() }
        do {
            connection = try Self.openPool(path, readOnly: readOnly)
        } catch {
            if StoreError.isLocked(error) { throw Self.locked(path) }
            if StoreError.isDiskFull(error) { throw StoreError.diskFull(path: path) }
            if readOnly { throw StoreError.readOnlyUnopenable(path: path, reason: Self.readOnlyFailure(path, error)) }
            if StoreError.isReadOnly(error) { throw StoreError.notWritable(path: path) }
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        self.path = path
        if readOnly { try checkReadableAsItIs() } else { try migrate(forImport: forImport, holdingLock: setUpLock != nil) }
    }

    /// Whether the file at `path` holds no byte yet (SQLite writes its header with the first transaction).
    private static func isEmpty(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_size == 0
    }

    /// Whose the unreadable file at `path` is, and what lets this user read it.
    private static func unreadable(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "this user may not read it" }
        let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(info.st_uid)"
        let mode = String(info.st_mode & 0o777, radix: 8)
        return "this user may not read it: it belongs to \(owner), mode \(mode) (ticketjobs makes a database readable by "
            + "its owner only: it holds customers' messages); run the command as \(owner), or give this user read access "
            + "(a group's, say: chmod g+r, and g+w to write)"
    }

    /// Why a read-only open failed: SQLite's words, unless it is the one case a user meets (and SQLite words
    /// as "attempt to write a readonly database").
    private static func readOnlyFailure(_ path: String, _ error: any Error) -> String {
        let folder = FilePaths.folder(of: path)
        guard !FileManager.default.fileExists(atPath: path + "-shm"), access(folder, W_OK) != 0 else { return "\(error)" }
        return "SQLite reads a database in WAL mode through a file beside it (\(path)-shm), which it cannot create: its folder "
            + "(\(folder)) is read-only for this user too; make the folder writable, or copy the database to one that is"
    }

    /// Creates an empty database file with mode 0600; SQLite gives its WAL and shared-memory files the same.
    private static func createFile(_ path: String) throws {
        // As the user wrote it: a relative path stays relative in the message.
        let directory = FilePaths.folder(of: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw StoreError.missingDirectory(path: path, directory: directory)
        }
        guard isDirectory.boolValue else {
            throw StoreError.cannotOpen(path: path, reason: "\(directory) is not a directory")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        close(fd)
    }

    /// Opens a fresh in-memory database, for tests.
    public init() throws {
        connection = try DatabaseQueue()
        path = nil
        try migrate()
    }

    /// Refuses an output path that names the database or one of SQLite's files beside it, however spelled:
    /// `export --out t.sqlite` would otherwise replace every ticket with a CSV of them.
    public func refuseOverwriting(_ output: String) throws {
        try Self.refuseOverwriting(output, database: path)
    }

    /// `refuseOverwriting` before the store is opened (or created), for the database at `database`.
    public static func refuseOverwriting(_ output: String, database: String?) throws {
        guard let database else { return }
        for file in [database, database + "-wal", database + "-shm", database + "-journal"]
        where FilePaths.sameFile(file, output) {
            throw StoreError.outputIsDatabase(path: output, database: database)
        }
    }

    /// SQLite's process-wide settings (`ticketjobs_sqlite_setup`), made once before the first connection opens.
    /// Anything that opened one earlier leaves SQLite as it was, which works the same, only slower.
    private static let sqliteSetUp: Int32 = ticketjobs_sqlite_setup()

    static func configuration(readOnly: Bool = false) -> Configuration {
        _ = sqliteSetUp
        var configuration = Configuration()
        configuration.readonly = readOnly
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
    static func openPool(_ path: String, readOnly: Bool = false) throws -> DatabasePool {
        try DatabasePool(path: path, configuration: configuration(readOnly: readOnly))
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

    /// - Parameter holdingLock: the caller holds the migration lock already (a lock taken twice by one process
    ///   through two descriptors would wait for itself).
    private func migrate(forImport: Bool = false, holdingLock: Bool = false) throws {
        do {
            if try !appliedMigrations().complete {
                // Two processes opening a new or older store at once must not both migrate it: GRDB checks what
                // is applied, then applies each migration in a transaction of its own.
                let lock = holdingLock ? nil : try path.map { try MigrationLock(databasePath: $0) }
                defer { lock?.release() }
                try Self.migrator.migrate(writer)
            }
            // Writes only when there is something to mend, so that opening a store never waits for a writer.
            let (abandoned, incomplete) = try read { db in
                (try StoreBookkeeping.hasAbandonedRuns(db), try !ReportRollups.isComplete(db))
            }
            // What a process that died left `running`: nobody will finish it.
            if abandoned { try write(StoreBookkeeping.markAbandonedRunsInterrupted) }
            // A first load or large import that died leaves the report rollups and secondary indexes to rebuild: at
            // once, unless the store is opened for an import, whose load either rebuilds them first or suspends
            // them again and rebuilds once at its end.
            if incomplete {
                let deferring = try forImport && read(ReportRollups.needsRebuild)
                if !deferring { try write(ReportRollups.ensure) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            if StoreError.isLocked(error) { throw Self.locked(path ?? ":memory:") }
            // Opening mends what a process that died left (its runs, a first load's rollups): with the disk full,
            // that is what fails, and no migration is at fault.
            if StoreError.isDiskFull(error) { throw StoreError.diskFull(path: path ?? ":memory:") }
            throw StoreError.migrationFailed(reason: "\(error)")
        }
    }

    /// Rebuilds what a first load that died left suspended, unless that load still runs: what opening the store
    /// does, left to an import that opened it `forImport` and did not complete that load.
    public func rebuildIfNeeded() throws { try write(ReportRollups.ensure) }

    /// The migrations applied to the store, and whether they are all this release's. A newer release's schema is
    /// refused: read or written with older code, what it relies on could break.
    private func appliedMigrations() throws -> (applied: Set<String>, complete: Bool) {
        let migrator = TicketStore.migrator
        let (applied, complete) = try read { db in
            (try migrator.appliedIdentifiers(db), try migrator.hasCompletedMigrations(db))
        }
        let unknown = applied.subtracting(migrator.migrations)
        if !unknown.isEmpty {
            throw StoreError.newerSchema(path: path ?? ":memory:", found: Self.schemaVersion(of: unknown), supported: Self.schemaVersion)
        }
        return (applied, complete)
    }

    /// What `migrate` checks, for a store this process may not write: one that needs a migration or mending is
    /// refused (reports from it would be wrong, or fail), a run that a dead process left `running` is left so.
    private func checkReadableAsItIs() throws {
        let path = path ?? ":memory:"
        do {
            let (applied, complete) = try appliedMigrations()
            if !complete {
                throw StoreError.readOnlyNeedsWriting(
                    path: path,
                    reason: "it has schema v\(Self.schemaVersion(of: applied)), which this ticketjobs (v\(Self.schemaVersion)) must upgrade first")
            }
            // A first load still running is another matter: the report says so, as with write access.
            if try read(ReportRollups.needsRebuild) {
                throw StoreError.readOnlyNeedsWriting(
                    path: path, reason: "its report figures must be rebuilt first (a first import into it stopped before it ended, say)")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            if StoreError.isLocked(error) { throw Self.locked(path) }
            throw StoreError.readOnlyUnopenable(path: path, reason: "\(error)")
        }
    }

    /// The schema version this release writes: the number of its newest migration.
    public static var schemaVersion: Int { schemaVersion(of: Set(migrator.migrations)) }

    /// The highest `vN` among migration identifiers.
    static func schemaVersion(of identifiers: Set<String>) -> Int {
        identifiers.compactMap { identifier in
            Int(identifier.dropFirst().prefix(while: \.isNumber))
        }.max() ?? 0
    }
}
