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

    /// The scheduled jobs of `directory`, or why there is nothing to schedule there. Invalid files are logged
    /// and left out.
    public static func scheduledJobs(in directory: String, logger: Logger) throws -> [JobDefinition] {
        if let problem = folderProblem(directory) { throw problem }
        let jobs = loadJobs(directory: directory, logger: logger)
        guard !jobs.isEmpty else {
            throw SchedulerError.noScheduledJob(directory: directory, files: jobFiles(directory))
        }
        return jobs
    }

    /// Why `directory` is no folder of job files (missing, or a file), or nil.
    static func folderProblem(_ directory: String) -> SchedulerError? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            return .missingDirectory(directory)
        }
        return isDirectory.boolValue ? nil : .notADirectory(directory)
    }

    /// The job files (`*.yml`, `*.yaml`) of `directory`, by name, as `schedule` reads them.
    public static func jobFiles(_ directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
    }

    /// The scheduled jobs of the folder; invalid files are logged and left out.
    public func loadJobs() -> [JobDefinition] { Self.loadJobs(directory: directory, logger: logger) }

    /// The folder's jobs again, after a change. A file that no longer reads keeps the job it held (an editor's
    /// half-saved file, a typo: the nightly run must not stop for it), and a folder gone or unreadable (a deploy
    /// replacing it) keeps every job; each is logged as an error. A file deleted takes its job with it.
    public func reloadJobs(keeping previous: [JobDefinition]) -> [JobDefinition] {
        let problem = Self.folderProblem(directory).map { "\($0)" }
            ?? ((try? FileManager.default.contentsOfDirectory(atPath: directory)) == nil ? "cannot list \(directory)" : nil)
        if let problem {
            logger.error(
                "job folder unreadable: keeping the jobs read before",
                metadata: [
                    "directory": "\(directory)", "error": "\(problem)",
                    "jobs": "\(previous.map(\.name).joined(separator: ", "))",
                ])
            return previous
        }
        return Self.loadJobs(directory: directory, logger: logger, previous: previous)
    }

    private static func loadJobs(directory: String, logger: Logger, previous: [JobDefinition] = []) -> [JobDefinition] {
        let jobs = jobFiles(directory).compactMap { name -> JobDefinition? in
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            do {
                let job = try JobDefinition.load(path: path)
                return job.schedule == nil ? nil : job
            } catch {
                if let kept = previous.first(where: { $0.file == path }) {
                    logger.error(
                        "job file invalid: keeping the version read before",
                        metadata: ["file": "\(path)", "job": "\(kept.name)", "error": "\(error)"])
                    return kept
                }
                logger.error("job file ignored", metadata: ["file": "\(path)", "error": "\(error)"])
                return nil
            }
        }
        // A copied file whose name was left as it was would share the other's history, catch-up and run lock
        // (a weekly run would count as the monthly one's): the first file in name order keeps the name.
        var names = JobNames()
        return jobs.filter { job in
            guard let clash = names.claim(job) else { return true }
            logger.error("job file ignored", metadata: ["file": "\(job.file)", "error": "\(clash)"])
            return false
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

    /// Runs until cancelled; returns how many runs ended in each status ("did_not_run" for a run that could
    /// not start). `jobs` are the folder's jobs as just loaded (by `scheduledJobs`); nil loads them.
    @discardableResult
    public func run(jobs loaded: [JobDefinition]? = nil) async throws -> [String: Int] {
        var tally: [String: Int] = [:]
        var jobs = loaded ?? loadJobs()
        var signature = fingerprint()
        logger.info("scheduler started", metadata: ["directory": "\(directory)", "jobs": "\(jobs.map(\.name).joined(separator: ", "))"])
        for job in jobs { logNextRun(job, after: runner.clock.now()) }
        for job in try missedJobs(jobs, now: runner.clock.now()) where !Task.isCancelled {
            tally[await runOne(job, trigger: "catch_up"), default: 0] += 1
        }
        var lastCheck = runner.clock.now()
        while !Task.isCancelled {
            let now = runner.clock.now()
            let upcoming = jobs.compactMap { job in job.schedule?.next(after: lastCheck, in: job.timeZone).map { (job, $0) } }
            for (job, due) in upcoming where due <= now {
                tally[await runOne(job, trigger: "schedule"), default: 0] += 1
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
                jobs = reloadJobs(keeping: jobs)
                if jobs.isEmpty {
                    // Every file deleted or its schedule taken out: running on is right, silence is not.
                    logger.warning("job files reloaded: no job with a schedule is left, nothing runs until one is added", metadata: ["directory": "\(directory)"])
                } else {
                    logger.info("job files reloaded", metadata: ["jobs": "\(jobs.map(\.name).joined(separator: ", "))"])
                }
            }
        }
        logger.info("scheduler stopped")
        return tally
    }

    /// Runs `job` once; returns how it ended.
    private func runOne(_ job: JobDefinition, trigger: String) async -> String {
        let status: String
        do {
            let result = try await runner.run(job, trigger: trigger)
            status = result.status.rawValue
            logger.info("scheduled job ended", metadata: ["job": "\(job.name)", "status": "\(status)"])
        } catch {
            status = "did_not_run"
            logger.error("scheduled job did not run", metadata: ["job": "\(job.name)", "error": "\(error)"])
        }
        logNextRun(job, after: runner.clock.now())
        return status
    }

    /// Says when `job` runs next, so that a log shows the schedule was understood as meant.
    private func logNextRun(_ job: JobDefinition, after now: Date) {
        guard let schedule = job.schedule else { return }
        let next = schedule.next(after: now, in: job.timeZone).map { ISO8601DateFormatter().string(from: $0) } ?? "never"
        logger.info(
            "next run", metadata: ["job": "\(job.name)", "at": "\(next)", "schedule": "\(schedule.expression)", "time_zone": "\(job.timeZone.displayIdentifier)"])
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
