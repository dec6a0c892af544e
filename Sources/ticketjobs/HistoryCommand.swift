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

struct HistoryCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show recorded job runs, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this job.") var job: String?
    @Option(parsing: .unconditional, help: "At most N runs.") var limit: Int = 20
    @Flag(help: "Under each run, its steps as run printed them (the JSON always has them).") var steps = false
    @Flag(help: "Print JSON on stdout.") var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() async throws {
        do {
            let store = try global.openStoreToRead()
            let runs = try store.jobRuns(job: job, limit: limit)
            if json {
                try Output.printJSON(runs)
                return
            }
            // An empty answer says so: nothing on stdout reads like a failure in cron's mail.
            if runs.isEmpty, let job {
                // A job's name mistyped reads as a job never run: the recorded name within two edits is offered.
                let meant = try ConfigNode.closest(to: job, in: store.jobNames()).map { "; did you mean \($0)?" } ?? ""
                Output.line("no runs of job \(job) recorded\(meant)")
            } else if runs.isEmpty {
                Output.line("no job runs recorded")
            }
            for run in runs {
                Output.line("#\(run.id) \(run.job) \(run.trigger) \(run.startedAt) → \(run.finishedAt ?? "…") \(run.status)"
                    + (run.error.map { ": \($0)" } ?? ""))
                if steps {
                    for step in run.steps { Output.line("  \(step.line)") }
                }
            }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
