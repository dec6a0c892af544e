import Foundation
import Logging
import TicketModel

/// Waits while an import's load has a database to itself (a first load, a large import: see `BulkLoader`), before
/// a command or a job uses it. From cron, a weekly report that meets the night's long backfill should run once the
/// load has ended, not stop after SQLite's 10 s busy timeout (exit 75) and leave the week without its report.
public struct LoadWait: Sendable {
    /// The longest wait; past it the command stops as before, naming the import.
    public var limit: Duration
    /// How often the load's lock is looked at.
    public var interval: Duration = .milliseconds(250)
    /// Waits between looks; injected so that tests do not sleep.
    public var sleep: @Sendable (Duration) -> Void = { duration in
        let (seconds, attoseconds) = duration.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Half an hour: a load of millions of rows takes minutes; one still running after that is likely stuck.
    public static let defaultLimit: Duration = .seconds(30 * 60)
    /// Seconds to wait at most, instead of `defaultLimit` (0: do not wait).
    public static let environmentVariable = "TICKETJOBS_WAIT_FOR_IMPORT"

    public init(limit: Duration = LoadWait.defaultLimit) {
        self.limit = limit
    }

    /// The wait `environment` asks for; a value that is no count of seconds is refused rather than taken for the
    /// default, since it was meant to change it.
    public static func from(environment: [String: String]) throws -> LoadWait {
        guard let text = environment[environmentVariable] else { return LoadWait() }
        guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            throw LoadWaitError.invalidLimit(variable: environmentVariable, value: text)
        }
        return LoadWait(limit: .seconds(seconds))
    }

    /// Returns once no import's load holds the database at `path`: at once when none does. When a wait begins (not
    /// with no time to wait), `logger` is told who holds it and for how long at most it waits, beside `metadata`.
    /// Throws `StoreError.lockedByLoad` when the limit passes first, and `CancellationError` when the calling task
    /// is cancelled meanwhile.
    public func untilLoadEnds(path: String, logger: Logger, metadata: Logger.Metadata = [:]) throws {
        let lockPath = TicketStore.loadLockPath(path)
        guard var holder = ProcessLock.holder(path: lockPath) else { return }
        if limit > .zero {
            logger.notice(
                "waiting for an import that has the database to itself",
                metadata: metadata.merging([
                    "pid": "\(holder.pid)", "since": "\(holder.since)", "at_most": "\(StoreError.spoken(limit))",
                    "setting": "\(Self.environmentVariable)",
                ]) { _, new in new })
        }
        var waited = Duration.zero
        while true {
            if waited >= limit {
                throw StoreError.lockedByLoad(path: path, pid: holder.pid, since: holder.since, waited: waited)
            }
            try Task.checkCancellation()
            let step = min(interval, limit - waited)
            sleep(step)
            waited += step
            guard let current = ProcessLock.holder(path: lockPath) else { return }
            holder = current
        }
    }
}
