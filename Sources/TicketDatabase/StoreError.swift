import GRDB
import TicketModel
/// Errors of the SQLite store.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// A command that only reads was pointed at a path where no database is. `detail` says where a relative path
    /// was looked for (cron starts a job in the home folder, not where its author tried it) and what was likely
    /// meant (" in FOLDER; did you mean FILE?").
    case noDatabase(path: String, detail: String? = nil)
    case missingDirectory(path: String, directory: String)
    /// A store this process may only read needs migrating or mending first.
    case readOnlyNeedsWriting(path: String, reason: String)
    /// A store this process may only read could not be opened (SQLite's reason).
    case readOnlyUnopenable(path: String, reason: String)
    /// A command that writes was pointed at a database this process may only read.
    case notWritable(path: String)
    /// The database was made by a newer release.
    case newerSchema(path: String, found: Int, supported: Int)
    /// Another process held the database longer than the busy timeout.
    case locked(path: String)
    /// An import's load (a first load, a large import) has the database to itself (see `TicketStore.loadLockPath`),
    /// and still had it after `waited`.
    case lockedByLoad(path: String, pid: Int32, since: String, waited: Duration)
    case migrationFailed(reason: String)
    /// The file system holding the database had no room for it to grow (SQLITE_FULL).
    case diskFull(path: String)
    /// A first import has the report rollups suspended until it ends.
    case firstImportRunning(pid: Int)
    /// An output file named the database (or one of SQLite's files beside it): writing it would replace the store.
    case outputIsDatabase(path: String, database: String)

    /// "10 s", "30 min": how long a command waited.
    public static func spoken(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        return seconds < 120 ? "\(seconds) s" : "\(seconds / 60) min"
    }

    /// Whether `error` says another connection held the database too long (SQLITE_BUSY or SQLITE_LOCKED).
    public static func isLocked(_ error: any Error) -> Bool {
        switch error {
        case StoreError.locked, StoreError.lockedByLoad: return true
        case let error as DatabaseError: return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        default: return false
        }
    }

    /// Whether `error` says the database may not be written (SQLITE_READONLY).
    static func isReadOnly(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_READONLY
    }

    /// Whether `error` says the database could not grow: its disk is full (SQLITE_FULL).
    public static func isDiskFull(_ error: any Error) -> Bool {
        switch error {
        case StoreError.diskFull: return true
        case let error as DatabaseError: return error.resultCode == .SQLITE_FULL
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open database \(path): \(reason)"
        case .noDatabase(let path, let detail):
            "no database at \(path)\(detail ?? "") (import creates one; --db or TICKETJOBS_DB chooses which)"
        case .missingDirectory(let path, let directory):
            "cannot create database \(path): directory \(directory) does not exist"
        case .readOnlyNeedsWriting(let path, let reason):
            "database \(path) is read-only for this user, and \(reason): run any ticketjobs command on it once as a user who may write it (ticketjobs history --db \(path), say)"
        case .readOnlyUnopenable(let path, let reason):
            "cannot open database \(path), which is read-only for this user: \(reason)"
        case .notWritable(let path):
            "database \(path) is read-only for this user, and this command writes to it (report, export, history, taxonomy show and export, review export, batches list and suggest only read)"
        case .newerSchema(let path, let found, let supported):
            "database \(path) has schema v\(found), newer than v\(supported) of this ticketjobs: use the release that wrote it or a newer one"
        case .locked(let path):
            "database \(path) is locked by another process (waited 10 s); try again when it has finished"
        case .lockedByLoad(let path, let pid, let since, let waited):
            "database \(path) is locked by another process (waited \(Self.spoken(waited))): an import (pid \(pid), since \(since)) has it to "
                + "itself until its load ends; try again when it has finished"
        case .migrationFailed(let reason): "database migration failed: \(reason)"
        case .diskFull(let path):
            "no space left for database \(path): the disk holding it is full (what was being written was rolled back); free some space and run again"
        case .firstImportRunning(let pid):
            "the database's first import is still running (pid \(pid)); its figures are complete once it has finished"
        case .outputIsDatabase(let path, let database):
            "\(path) is the database \(database) (or a file of it): writing there would replace every ticket; choose another path"
        }
    }
}
