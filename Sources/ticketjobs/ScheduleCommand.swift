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

struct ScheduleCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run every scheduled job of a folder when due, until SIGTERM or SIGINT.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The folder of job files.") var directory: String = "jobs"

    @Flag(help: "Print the summary as JSON on stdout when it stops: {runs, by_status}.")
    var json = false

    func validate() throws {
        try PathArgument.requireNonEmpty(directory, "the job folder")
    }

    func run() async throws {
        let logger = global.makeLogger("schedule")
        do {
            let jobs = try JobScheduler.scheduledJobs(in: directory, logger: logger)
            let runner = JobRunner(
                store: try global.openStore(create: jobs.contains(where: \.importsTickets)),
                environment: ProcessInfo.processInfo.environment, logger: logger)
            let scheduler = JobScheduler(directory: directory, runner: runner, logger: logger)
            let signals = SignalCancellation(logger: logger)
            let task = Task { try await scheduler.run(jobs: jobs) }
            signals.install(cancelling: task)
            let tally = try await task.value
            // The result of a scheduler is what it ran, said once it stops.
            let runs = tally.values.reduce(0, +)
            if json { return try Output.printJSON(ScheduleSummary(runs: runs, byStatus: tally)) }
            let parts = tally.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            Output.line("schedule stopped after \(runs) \(runs == 1 ? "run" : "runs")" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"))
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
