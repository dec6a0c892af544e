import Foundation
import Logging
import TicketModel
import TicketDatabase

/// One classification of a database at a time, across processes (a nightly job, and a person at a terminal):
/// two runs over the same unlabeled tickets would each pay for every one of them. A second run waits for the
/// first to end, then classifies what is left, usually nothing. The lock file sits beside the database.
enum ClassificationLock {
    /// The lock file of the database at `databasePath`, named like SQLite's own files beside it.
    static func path(forDatabase databasePath: String) -> String { databasePath + "-classify.lock" }

    /// Takes the lock of `store`'s database, waiting while another run holds it (looking again every `interval`
    /// of `clock`); nil for an in-memory store. Throws `CancellationError` when cancelled while waiting.
    static func acquire(
        for store: TicketStore, clock: any Clock<Duration>, wallClock: any WallClock, logger: Logger,
        interval: Duration = .seconds(1)
    ) async throws -> ProcessLock? {
        guard let database = store.path else { return nil }
        let path = path(forDatabase: database)
        var waited = false
        while true {
            switch try ProcessLock.acquire(path: path, now: wallClock.now()) {
            case .acquired(let lock):
                if waited { logger.notice("the other classification of this database ended", metadata: ["lock": "\(path)"]) }
                return lock
            case .held(let holder):
                if !waited {
                    var metadata: Logger.Metadata = ["lock": "\(path)"]
                    if let holder {
                        metadata["pid"] = "\(holder.pid)"
                        metadata["since"] = "\(holder.since)"
                    }
                    logger.notice("waiting for another classification of this database to end", metadata: metadata)
                    waited = true
                }
                try await clock.sleep(for: interval)
            }
        }
    }
}
