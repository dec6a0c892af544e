import Foundation
import GRDB
import TicketModel

/// Runs that a process left `running` when it died (SIGKILL, a crash, a power cut): the store marks them
/// interrupted when it next opens, so that history never shows a run as going on forever.
enum StoreBookkeeping {
    /// Whether a job run or an import is `running` under a process that no longer exists.
    static func hasAbandonedRuns(_ db: Database) throws -> Bool {
        try !abandonedPIDs(db).isEmpty
    }

    static func markAbandonedRunsInterrupted(_ db: Database) throws {
        for pid in try abandonedPIDs(db) {
            try db.execute(
                sql: """
                    UPDATE job_runs SET status = 'interrupted', finished_at = strftime('%s', 'now'),
                        error = COALESCE(error, ?)
                    WHERE status = 'running' AND pid = ?
                    """, arguments: [abandonment(pid: pid), pid])
            try db.execute(
                sql: """
                    UPDATE import_files SET status = 'interrupted', finished_at = strftime('%s', 'now')
                    WHERE status = 'running' AND pid = ?
                    """, arguments: [pid])
        }
    }

    /// What a run its process left unfinished records as its error.
    static func abandonment(pid: Int) -> String { "its process (pid \(pid)) ended without finishing it" }

    /// Whether a run recorded as `running` by `pid` was left so by a process that has ended.
    static func isAbandoned(pid: Int) -> Bool {
        pid != Int(getpid()) && !ProcessLiveness.isOtherProcessRunning(pid: pid)
    }

    /// Processes named by running job runs and imports that are not alive (this process's own are).
    private static func abandonedPIDs(_ db: Database) throws -> [Int] {
        try Int.fetchAll(
            db,
            sql: """
                SELECT pid FROM job_runs WHERE status = 'running'
                UNION SELECT pid FROM import_files WHERE status = 'running' AND pid IS NOT NULL
                """
        ).filter(isAbandoned)
    }
}
