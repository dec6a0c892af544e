#if canImport(Glibc)
import Glibc
#endif

/// How a command opens the store.
public enum StoreAccess: Sendable, Equatable {
    /// Reads and writes: an older schema is migrated, and what a process that died left is mended, as it opens.
    case readWrite
    /// Reads only, through a read-only connection: the store must need no migration or mending.
    case readOnly
    /// `readWrite` when this process may write the file, else `readOnly`: for the commands that only read, so that
    /// a lead with read access to the team's database, or a read-only copy of it, can still report and export.
    case readWriteIfPermitted

    /// What `readWriteIfPermitted` comes to for the file at `path` (a missing file is left to the store's errors).
    func resolved(for path: String) -> StoreAccess {
        guard self == .readWriteIfPermitted else { return self }
        return access(path, F_OK) != 0 || access(path, W_OK) == 0 ? .readWrite : .readOnly
    }
}
