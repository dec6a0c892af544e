import ArgumentParser
import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

struct RunCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a job file's steps in order.",
        discussion: """
            Exit status: 0 ok, 1 a step failed, 3 completed but rows were rejected or tickets could not be \
            classified, 75 another run of the job holds its lock, 130/143 interrupted by SIGINT/SIGTERM.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job file (YAML).")
    var jobFile: String

    @Option(help: "Ping URL/start, then URL or URL/fail (healthchecks-style); overrides the job's monitoring.ping_url. A secret: never logged in full.")
    var pingUrl: String?

    @Option(help: "Write the run's Prometheus metrics to this file (or to ticketjobs-JOB.prom in this folder) for node_exporter's textfile collector.")
    var metricsFile: String?

    @Flag(help: "Validate the job and print its steps without running them.")
    var dryRun = false

    @Flag(help: "Print the result as JSON on stdout.")
    var json = false

    func validate() throws {
        try PathArgument.requireNonEmpty(jobFile, "the job file")
        try PathArgument.requireNonEmpty(metricsFile, "--metrics-file")
        if let pingUrl, !JobMonitoring.isPingURL(pingUrl) { throw ValidationError("--ping-url must be an http:// or https:// URL") }
    }

    /// A job's progress line: the step's own, as its command shows it.
    static func describe(_ progress: JobProgress) -> String {
        switch progress {
        case .started(let step, let number, let count): "step \(number) of \(count): \(step)"
        case .importing(let progress): ImportCommand.describe(progress)
        case .classifying(let summary): ClassifyCommand.describe(summary)
        case .collectingBatches(let summary): ClassifyCommand.describe(summary)
        case .evaluating(let progress): EvaluateCommand.describe(progress)
        case .exporting(let progress): ExportCommand.describe(progress)
        }
    }

    func run() async throws {
        let logger = global.makeLogger(
            "run",
            repeatedOnStdout: ["job started", "step finished", "job finished", "classification started", "classification finished"])
        do {
            var job = try JobDefinition.load(path: jobFile)
            if let pingUrl { job.monitoring.pingURL = pingUrl }
            if let metricsFile { job.monitoring.metricsFile = metricsFile }
            if dryRun {
                Output.line("job \(job.name): \(job.steps.map(\.name).joined(separator: " → "))"
                    + (job.schedule.map { ", scheduled \($0.expression) (\(job.timeZone.displayIdentifier))" } ?? ""))
                return
            }
            // With a run of the job under way, this one is skipped: it waits for no import's load (the other run's
            // own, say), which it would otherwise follow, to run the job again.
            let underWay = ProcessLock.holder(path: JobRunner.lockPath(for: job, databasePath: global.databasePath)) != nil
            var runner = JobRunner(
                store: try global.openStore(create: job.importsTickets, waitingForImport: !underWay),
                environment: ProcessInfo.processInfo.environment, logger: logger)
            runner.progress = { ProgressLine.shared.update(Self.describe($0)) }
            let signals = SignalCancellation(logger: logger)
            let task = Task { [runner] in try await runner.run(job) }
            signals.install(cancelling: task)
            let result: JobRunResult
            do {
                defer { ProgressLine.shared.clear() }
                result = try await task.value
            } catch let error as JobRunner.RunError {
                Output.failure("\(error)")
                throw ExitCode(ExitStatus.locked)
            }
            if json {
                try Output.printJSON(result)
            } else {
                for step in result.steps { Output.line(step.line) }
                Output.line("job \(result.job): \(result.status.rawValue)")
            }
            if let status = signals.exitStatus { throw ExitCode(status) }
            if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
