import TicketModel
/// Errors of the SQLite store.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case migrationFailed(reason: String)
    /// A first import has the report rollups suspended until it ends.
    case firstImportRunning(pid: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open database \(path): \(reason)"
        case .migrationFailed(let reason): "database migration failed: \(reason)"
        case .firstImportRunning(let pid):
            "the database's first import is still running (pid \(pid)); its figures are complete once it has finished"
        }
    }
}
