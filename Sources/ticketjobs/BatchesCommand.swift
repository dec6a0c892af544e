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

/// `ticketjobs batches`: the Message Batches this database submitted.
struct BatchesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batches",
        abstract: "List, check, collect or cancel the Message Batches that 'classify --batch' submitted.",
        discussion: "A batch is named by its key (tj…), the API's id (msgbatch_…) or its number in 'batches list'.",
        subcommands: [List.self, Status.self, Collect.self, Cancel.self],
        defaultSubcommand: List.self)

    /// What every subcommand that talks to the API needs.
    struct APIOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print the result as JSON on stdout.")
        var json = false

        func runner(pollInterval: Double = 30) throws -> BatchRunner<ContinuousClock> {
            var job = ClassifyJob(
                store: try global.openStore(), environment: ProcessInfo.processInfo.environment,
                logger: global.makeLogger("batches"))
            job.provider = .anthropic
            var options = BatchOptions()
            options.pollInterval = .milliseconds(Int64(pollInterval * 1000))
            job.batch = options
            do {
                return try job.makeBatchRunner()
            } catch ClassificationError.missingAPIKey {
                // The usual hint (--provider local) means nothing here: batches live at the API.
                throw ClassificationError.invalidConfiguration(
                    "no API key: batches are kept at the Anthropic API; set ANTHROPIC_API_KEY (or LLM_API_KEY)")
            }
        }
    }

    struct List: AsyncParsableCommand, SummarizedAsJSON {
        static let configuration = CommandConfiguration(
            abstract: "The batches in this database, oldest first (no API call).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print the batches as JSON on stdout.")
        var json = false

        func run() async throws {
            do {
                let batches = try global.openStoreToRead().batches()
                if json { return try Output.printJSON(batches) }
                if batches.isEmpty { return Output.line("no batches") }
                for batch in batches { Output.line(BatchesCommand.line(batch)) }
            } catch {
                throw ExitStatus.report(error)
            }
        }
    }

    struct Status: AsyncParsableCommand, SummarizedAsJSON {
        static let configuration = CommandConfiguration(abstract: "Ask the API how a batch stands, and record it.")
        @OptionGroup var options: APIOptions
        var json: Bool { options.json }
        @Argument(help: "The batch.") var id: String

        func run() async throws {
            do {
                let (record, remote) = try await options.runner().status(id)
                if options.json { return try Output.printJSON(record) }
                Output.line(BatchesCommand.line(record))
                if let remote {
                    let counts = remote.requestCounts
                    Output.line(
                        "  at the API: \(remote.processingStatus.rawValue); processing \(counts.processing), succeeded \(counts.succeeded), "
                            + "errored \(counts.errored), canceled \(counts.canceled), expired \(counts.expired)")
                }
            } catch {
                throw ExitStatus.report(error)
            }
        }
    }

    struct Collect: AsyncParsableCommand, SummarizedAsJSON {
        static let configuration = CommandConfiguration(
            abstract: "Store the results of a batch, or of every batch, that has ended.")
        @OptionGroup var options: APIOptions
        var json: Bool { options.json }
        @Argument(help: "The batch (default: every pending batch).") var id: String?
        @Flag(help: "Wait until the batch (or every pending batch) has ended.") var wait = false
        @Option(parsing: .unconditional, help: "With --wait: seconds between the first polls; the wait doubles up to 10 minutes.")
        var pollInterval: Double = 30

        func validate() throws {
            guard pollInterval > 0 && pollInterval <= 86_400 else {
                throw ValidationError("--poll-interval must be more than 0 and at most 86400 seconds")
            }
        }

        func run() async throws {
            do {
                let summary = try await options.runner(pollInterval: pollInterval).collect(id, wait: wait)
                if options.json { try Output.printJSON(summary) } else { Output.line(BatchSummaryText.describe(summary)) }
                try ExitStatus.check(summary.result, nothingLabeled: summary.failureDescription)
            } catch {
                throw ExitStatus.report(error)
            }
        }
    }

    struct Cancel: AsyncParsableCommand, SummarizedAsJSON {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a batch; what it had not processed returns to the candidates when it is collected.")
        @OptionGroup var options: APIOptions
        var json: Bool { options.json }
        @Argument(help: "The batch.") var id: String

        func run() async throws {
            do {
                let remote = try await options.runner().cancel(id)
                Output.line("batch \(id): \(remote.processingStatus.rawValue)")
            } catch {
                throw ExitStatus.report(error)
            }
        }
    }

    static func line(_ batch: BatchRecord) -> String {
        let formatter = ISO8601DateFormatter()
        return
            "#\(batch.id) \(batch.key) \(batch.remoteID ?? "-") \(batch.status.rawValue): \(batch.requests) requests, "
            + "submitted \(formatter.string(from: batch.submittedAt)); succeeded \(batch.succeeded), invalid \(batch.invalid), "
            + "errored \(batch.errored), expired \(batch.expired), canceled \(batch.canceled); cost "
            + (batch.costUSD.map { String(format: "$%.4f", $0) } ?? "-") + (batch.error.map { "; \($0)" } ?? "")
    }
}
