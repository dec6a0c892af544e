import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// The long-running `schedule` mode: runs every scheduled job of a folder when due, reloads job files when
/// they change, catches up a missed run at start for jobs that ask, and stops when its task is cancelled.
public struct JobScheduler: Sendable {
    public var directory: String
    public var runner: JobRunner
    public var logger: Logger
    /// How often job files are checked for changes. Default 60 s.
    public var reloadInterval: TimeInterval = 60
    /// Waits between checks; injected so tests can drive the loop without sleeping.
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    public init(directory: String, runner: JobRunner, logger: Logger) {
        self.directory = directory
        self.runner = runner
        self.logger = logger
    }

    /// The scheduled jobs of the folder; invalid files are logged and left out.
    public func loadJobs() -> [JobDefinition] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            do {
                let job = try JobDefinition.load(path: path)
                return job.schedule == nil ? nil : job
            } catch {
                logger.error("job file ignored", metadata: ["file": "\(path)", "error": "\(error)"])
                return nil
            }
        }
    }

    /// Jobs whose last scheduled time passed since their last recorded run, for `catch_up: true`.
    public func missedJobs(_ jobs: [JobDefinition], now: Date) throws -> [JobDefinition] {
        try jobs.filter { job in
            guard job.catchUp, let schedule = job.schedule,
                let due = schedule.previous(atOrBefore: now, in: job.timeZone, days: 40)
            else { return false }
            let last = try runner.store.lastRunStart(job: job.name)
            return last.map { $0 < due } ?? true
        }
    }

    /// Runs until cancelled.
    public func run() async throws {
        var jobs = loadJobs()
        var signature = fingerprint()
        logger.info("scheduler started", metadata: ["directory": "\(directory)", "jobs": "\(jobs.map(\.name).joined(separator: ", "))"])
        for job in try missedJobs(jobs, now: runner.clock.now()) {
            await runOne(job, trigger: "catch_up")
        }
        var lastCheck = runner.clock.now()
        while !Task.isCancelled {
            let now = runner.clock.now()
            let upcoming = jobs.compactMap { job in job.schedule?.next(after: lastCheck, in: job.timeZone).map { (job, $0) } }
            for (job, due) in upcoming where due <= now {
                await runOne(job, trigger: "schedule")
            }
            lastCheck = now
            let nextDue = upcoming.map(\.1).filter { $0 > now }.min() ?? now.addingTimeInterval(reloadInterval)
            let wait = max(1, min(reloadInterval, nextDue.timeIntervalSince(runner.clock.now())))
            do {
                try await sleep(.milliseconds(Int64(wait * 1000)))
            } catch {
                break
            }
            let current = fingerprint()
            if current != signature {
                signature = current
                jobs = loadJobs()
                logger.info("job files reloaded", metadata: ["jobs": "\(jobs.map(\.name).joined(separator: ", "))"])
            }
        }
        logger.info("scheduler stopped")
    }

    private func runOne(_ job: JobDefinition, trigger: String) async {
        do {
            let result = try await runner.run(job, trigger: trigger)
            logger.info("scheduled job ended", metadata: ["job": "\(job.name)", "status": "\(result.status.rawValue)"])
        } catch {
            logger.error("scheduled job did not run", metadata: ["job": "\(job.name)", "error": "\(error)"])
        }
    }

    /// Names, sizes and modification times of the folder's files: a change means reload.
    private func fingerprint() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.sorted().map { name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
            return "\(name):\(attributes?[.size] ?? 0):\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        }
    }
}
