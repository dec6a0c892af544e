import Foundation
import TicketModel

#if canImport(Glibc)
import Glibc
#endif

/// Serialises the migration of one database across processes: an exclusive `flock` on the directory that holds
/// it. A directory, not a lock file, so that nothing is left beside the database; closing this descriptor
/// cannot drop SQLite's own (POSIX) locks, which are on the database file.
final class MigrationLock {
    private var fd: Int32

    /// Waits until no other process migrates a database in the same directory.
    init(databasePath: String) throws {
        fd = open(FilePaths.folder(of: databasePath), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw StoreError.cannotOpen(path: databasePath, reason: "cannot open its directory: \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                fd = -1
                throw StoreError.cannotOpen(path: databasePath, reason: "cannot lock its directory: \(reason)")
            }
        }
    }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
