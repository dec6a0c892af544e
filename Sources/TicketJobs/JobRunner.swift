import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// Runs a job's steps in order under the job's lock, recording the run in the database.
public struct JobRunner: Sendable {
    public var store: TicketStore
    public var environment: [String: String]
    public var clock: any WallClock = SystemWallClock()
    public var logger: Logger
    /// Carries the monitoring pings; nil makes an async-http-client one with a 10 s deadline.
    public var pingTransport: (any HTTPTransport)?
    /// Waits between ping attempts; injected so tests do not sleep.
    public var pingSleep: @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }
    /// Told when each step starts and as it goes (see `JobProgress`).
    public var progress: (@Sendable (JobProgress) -> Void)?
    /// How long a run waits for an import that has the database to itself; nil: as `environment` says.
    public var loadWait: LoadWait?

    public init(store: TicketStore, environment: [String: String], logger: Logger) {
        self.store = store
        self.environment = environment
        self.logger = logger
    }

    public enum RunError: Error, CustomStringConvertible {
        case alreadyRunning(job: String, holder: ProcessLock.Holder?)
        public var description: String {
            switch self {
            case .alreadyRunning(let job, let holder):
                "job '\(job)' is already running" + (holder.map { " (pid \($0.pid) since \($0.since))" } ?? "")
            }
        }
    }

    /// A ping goes through the environment's proxy like every request; a proxy setting that cannot be used
    /// is logged and the ping goes direct, since monitoring never stops a job.
    func defaultPingTransport(for url: String) -> any HTTPTransport {
        var proxy: HTTPProxy?
        do {
            proxy = try URL(string: url).flatMap { try HTTPProxy.forURL($0) }
        } catch {
            logger.warning("ping proxy ignored", metadata: ["reason": "\(error)"])
        }
        return AsyncHTTPClientTransport(maximumConnections: 1, timeout: 10, proxy: proxy)
    }

    /// The lock file of a job: beside the database.
    public func lockPath(for job: JobDefinition) -> String { Self.lockPath(for: job, databasePath: store.path) }

    /// The lock file of `job` run on the database at `databasePath` (nil: in memory).
    public static func lockPath(for job: JobDefinition, databasePath: String?) -> String {
        let directory = databasePath.map { URL(fileURLWithPath: $0).deletingLastPathComponent() } ?? FileManager.default.temporaryDirectory
        return directory.appendingPathComponent(".ticketjobs-\(job.name).lock").path
    }

    /// Runs `job` under its lock, with its monitoring: a start ping, then a success or failure ping and the
    /// metrics file once it ends, skipped runs (exit 75) included. Monitoring never changes the outcome.
    public func run(_ job: JobDefinition, trigger: String = "manual") async throws -> JobRunResult {
        let monitoring = job.monitoring
        let pinger = monitoring.pingURL.map { url in
            Pinger(url: url, transport: pingTransport ?? defaultPingTransport(for: url), logger: logger, sleep: pingSleep)
        }
        let started = clock.now()
        let outcome: Result<JobRunResult, any Error>
        do {
            outcome = .success(
                try await runLocked(job, trigger: trigger) {
                    await pinger?.ping(suffix: "/start")
                })
        } catch {
            outcome = .failure(error)
        }
        let exitStatus: Int32 =
            switch outcome {
            case .success(let result): result.exitStatus
            case .failure(RunError.alreadyRunning): 75
            case .failure: 1
            }
        await pinger?.ping(suffix: monitoring.isSuccess(exitStatus: exitStatus) ? "" : "/fail")
        if let path = monitoring.metricsPath(job: job.name) {
            let ended = clock.now()
            let metrics = MetricsFile(
                job: job.name, endedAt: ended, durationSeconds: ended.timeIntervalSince(started), exitStatus: exitStatus,
                lastSuccess: (try? store.lastSuccessfulRunEnd(job: job.name)) ?? nil, result: try? outcome.get())
            do {
                try AtomicFileWriter.write(Data(metrics.render().utf8), to: path)
            } catch {
                logger.error("metrics file not written", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
        return try outcome.get()
    }

    /// Runs the steps once the lock is taken; `started` runs first (the start ping: a skipped run has none).
    private func runLocked(_ job: JobDefinition, trigger: String, started: () async -> Void) async throws -> JobRunResult {
        let lock: ProcessLock
        switch try ProcessLock.acquire(path: lockPath(for: job), now: clock.now()) {
        case .acquired(let acquired): lock = acquired
        case .held(let holder): throw RunError.alreadyRunning(job: job.name, holder: holder)
        }
        defer { withExtendedLifetime(lock) {} }
        // Under `schedule` the store stays open: an import another process runs (from cron) is waited for here.
        if let path = store.path {
            let wait = try loadWait ?? LoadWait.from(environment: environment)
            try wait.untilLoadEnds(path: path, logger: logger, metadata: ["job": "\(job.name)"])
        }
        await started()
        let runID = try recordStart(job, trigger: trigger)
        logger.info("job started", metadata: ["job": "\(job.name)", "run": "\(runID)", "trigger": "\(trigger)"])
        var result = JobRunResult(job: job.name, runID: runID, status: .succeeded, steps: [])
        var failed = false
        for (index, step) in job.steps.enumerated() {
            if Task.isCancelled {
                result.status = .interrupted
                break
            }
            if failed {
                result.steps.append(.init(name: step.name, status: "skipped", details: [:], error: nil))
                continue
            }
            progress?(.started(step: step.name, number: index + 1, of: job.steps.count))
            do {
                let (details, rejected) = try await execute(step, in: job)
                let interrupted = details["stopped_because"] == "interrupted"
                let incomplete = step.name == "classify" ? "partial" : "rejected_rows"
                let status = interrupted ? "interrupted" : rejected ? incomplete : "succeeded"
                result.steps.append(.init(name: step.name, status: status, details: details, error: nil))
                // What the step did, in the log too: under `schedule` (journald, a log file) nothing else says it.
                var metadata: Logger.Metadata = ["job": "\(job.name)", "run": "\(runID)", "step": "\(step.name)", "status": "\(status)"]
                for (key, value) in details { metadata[key] = "\(value)" }
                logger.log(level: status == "succeeded" ? .info : .notice, "step finished", metadata: metadata)
                if rejected, result.status == .succeeded { result.status = .rejectedRows }
                if details["stopped_because"] == "interrupted" { result.status = .interrupted }
            } catch is CancellationError {
                // Stopped while it waited (for another classification of the database, between retries): what it
                // did is stored, and the run was interrupted, not failed.
                result.steps.append(.init(name: step.name, status: "interrupted", details: [:], error: nil))
                result.status = .interrupted
            } catch {
                logger.error("job step failed", metadata: ["job": "\(job.name)", "step": "\(step.name)", "error": "\(error)"])
                result.steps.append(.init(name: step.name, status: "failed", details: [:], error: "\(error)"))
                if !step.continueOnError {
                    failed = true
                    result.status = .failed
                }
            }
            if result.status == .interrupted { break }
        }
        try recordFinish(result, runID: runID)
        logger.info("job finished", metadata: ["job": "\(job.name)", "run": "\(runID)", "status": "\(result.status.rawValue)"])
        return result
    }

    /// Synchronous on purpose: the run is recorded also when the task was cancelled.
    private func recordStart(_ job: JobDefinition, trigger: String) throws -> Int64 {
        try store.beginJobRun(job: job.name, file: job.file, trigger: trigger, at: clock.now())
    }

    private func recordFinish(_ result: JobRunResult, runID: Int64) throws {
        try store.finishJobRun(runID, result: result, at: clock.now())
    }

    /// Runs one step; returns its details and whether rows were rejected.
    func execute(_ step: JobStep, in job: JobDefinition) async throws -> ([String: String], Bool) {
        switch step.command {
        case .importFiles(let spec):
            var options = ImportOptions()
            options.format = spec.format
            if spec.mapping != nil { options.mapping = try job.mapping(spec.mapping) }
            if let zone = spec.timezone { options.timeZone = TimeZone(identifier: zone)! }
            options.maxRejects = spec.maxRejects
            options.rejectsPath = spec.rejects.map(job.resolve)
            options.skipUnchangedFiles = true
            if let limit = spec.maxFieldBytes { options.maxFieldBytes = limit }
            options.encoding = spec.encoding
            options.delimiter = spec.delimiter
            let paths = spec.paths.flatMap { Glob.expand(job.resolve($0)) }
            if paths.isEmpty {
                // Often a folder that has not been filled yet; a typo looks the same, so it is never silent.
                let patterns = spec.paths.map(job.resolve).joined(separator: ", ")
                if spec.requireFiles { throw JobRunner.NoFiles(patterns: patterns) }
                logger.warning("import matches no file", metadata: ["paths": "\(patterns)"])
            }
            let summary: ImportSummary
            var stopped: String?
            do {
                summary = try Importer(store: store, clock: clock, logger: logger).run(paths: paths, options: options) {
                    progress?(.importing($0))
                }
            } catch let interrupted as ImportInterrupted {
                // What was committed stays; the run is recorded as interrupted.
                summary = interrupted.summary
                stopped = "interrupted"
            }
            var details = [
                "files": "\(paths.count)", "read": "\(summary.read)", "inserted": "\(summary.inserted)",
                "updated": "\(summary.updated)", "unchanged": "\(summary.unchanged)", "rejected": "\(summary.rejected)",
                "skipped_files": "\(summary.files.filter(\.skipped).count)",
            ]
            details["stopped_because"] = stopped
            return (details, summary.rejected > 0)
        case .classify(let spec):
            var settings = spec.settings
            settings.trainingFile = settings.trainingFile.map(job.resolve)
            settings.taxonomyFile = settings.taxonomyFile.map(job.resolve)
            var classify = settings.makeJob(store: store, environment: environment, logger: logger)
            classify.clock = clock
            if classify.batch != nil {
                let summary = try await classify.runBatch { progress?(.collectingBatches($0)) }
                var details = [
                    "provider": "anthropic-batch", "submitted": "\(summary.submittedTickets)", "labeled": "\(summary.labeled)",
                    "batches_submitted": "\(summary.batchesSubmitted)", "batches_collected": "\(summary.batchesCollected)",
                    "batches_pending": "\(summary.batchesPending)",
                    "cost_usd": summary.costUSD.map { String(format: "%.4f", $0) } ?? "unknown",
                ]
                details["stopped_because"] = summary.stoppedBecause
                details["released"] = "\(summary.released)"
                if summary.setAside > 0 { details["set_aside"] = "\(summary.setAside)" }
                // The job's metrics count them as a synchronous step's: its failed and reused tickets.
                details["failed"] = "\(summary.failed)"
                details["reused"] = "\(summary.reused)"
                // As a synchronous step: collected requests that failed leave tickets unlabeled (3), and when none
                // of them labeled anything, the step failed.
                let partial = try ClassifySummary.leftUnlabeled(
                    summary.result, stoppedBecause: summary.stoppedBecause, failure: summary.failureDescription)
                return (details, partial)
            }
            let summary = try await classify.run { progress?(.classifying($0)) }
            var details = ["provider": summary.provider, "candidates": "\(summary.candidates)", "labeled": "\(summary.labeled)",
                           "failed": "\(summary.failed)", "reused": "\(summary.skipped)", "requests": "\(summary.requests)",
                           "cost_usd": summary.costUSD.map { String(format: "%.4f", $0) } ?? "unknown"]
            details["stopped_because"] = summary.stoppedBecause
            // Failed tickets now waiting for a person rather than the next run: said where they are.
            if summary.setAside > 0 { details["set_aside"] = "\(summary.setAside)" }
            // As for an import: some tickets failed while the rest were stored (3), or none could be labeled (1).
            let partial = try ClassifySummary.leftUnlabeled(
                summary.result, stoppedBecause: summary.stoppedBecause, failure: summary.failureDescription)
            return (details, partial)
        case .report(let spec):
            let result = try ReportJob(
                store: store, period: spec.period, timezone: spec.timezone ?? job.timeZone.identifier, formats: spec.format,
                outputDirectory: job.resolve(spec.out)
            ).run(now: clock.now())
            return (["period": result.report.period.label, "tickets": "\(result.report.totals.tickets)",
                     "paths": result.paths.joined(separator: ", ")], false)
        case .evaluate(let spec):
            var evaluationProgress: (@Sendable (EvaluationProgress) -> Void)?
            if let told = progress { evaluationProgress = { @Sendable step in told(.evaluating(step)) } }
            let outcome = try await EvaluationJob.run(
                spec.settings, store: store, environment: environment, logger: logger, clock: clock, resolve: job.resolve,
                progress: evaluationProgress)
            // The reports are written either way: the figures a run missed are in them.
            guard outcome.misses.isEmpty else { throw JobStepFailure.belowThreshold(outcome.misses) }
            let reports = outcome.reports
            var details = ["n": "\(reports[0].n)", "category_macro_f1": reports.map { "\($0.category.macroF1)" }.joined(separator: ","),
                           "priority_macro_f1": reports.map { "\($0.priority.macroF1)" }.joined(separator: ","),
                           "paths": outcome.paths.joined(separator: ", ")]
            let rejected = reports[0].rejectedRows ?? 0
            if rejected > 0 { details["rejected"] = "\(rejected)" }
            return (details, rejected > 0)
        case .export(let spec):
            var options = ExportOptions()
            if let format = spec.format { options.format = format }
            var out = spec.out
            var details: [String: String] = [:]
            if let text = spec.period {
                let zone = spec.timezone.flatMap(TimeZone.init(identifier:)) ?? job.timeZone
                let period = try ReportPeriod.parse(text, now: clock.now(), timeZone: zone)
                (options.since, options.until) = period.instants
                out = out.replacingOccurrences(of: ExportStep.periodPlaceholder, with: period.label)
                details["period"] = period.label
            }
            let path = job.resolve(out)
            try store.refuseOverwriting(path)
            let file = try AtomicFileWriter(path: path, mode: 0o600)
            let count = try Exporter(store: store, logger: logger).export(options: options, progress: { progress?(.exporting($0)) }) {
                try file.write($0)
            }
            try file.commit()
            details["tickets"] = "\(count)"
            details["path"] = path
            return (details, false)
        }
    }
}
