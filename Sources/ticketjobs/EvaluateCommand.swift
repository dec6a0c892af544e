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

struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a classifier against a labeled export; write the JSON and HTML evaluation report.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "A labeled export (CSV or JSONL).") var fixtures: String
    @Option(help: "anthropic or local.") var provider: ClassifierProvider = .local
    @Option(help: "The Anthropic model.") var model: String?
    @Option(help: "Train the local classifier on this labeled export.") var train: String?
    @Option(help: "A preset or mapping file for the fixtures.") var mapping: String?
    @Option(help: "Train on this fraction of a seeded shuffle of the fixtures; score the rest.") var split: Double?
    @Option(help: "The seed of the split and the training.") var seed: UInt64 = 42
    @Option(help: "Score at most N tickets.") var limit: Int?
    @Option(help: "A previous evaluation's JSON report to compare with.") var baseline: String?
    @Option(help: "Folder for the reports.") var out: String = "reports"
    @Option(help: "Requests in flight at most (anthropic).") var concurrency: Int = 8
    @Option(help: "Requests per minute (anthropic).") var rpm: Double = 50
    @Flag(help: "Print the JSON report on stdout.") var json = false

    func validate() throws {
        if provider == .auto { throw ValidationError("--provider must be anthropic or local") }
        if let split, !(split > 0 && split < 1) { throw ValidationError("--split must be between 0 and 1") }
    }

    func run() async throws {
        let logger = global.makeLogger("evaluate")
        do {
            var evaluator = Evaluator(store: try global.openStore(), fixtures: fixtures, logger: logger)
            evaluator.provider = provider
            evaluator.model = model
            evaluator.trainingFile = train
            evaluator.mapping = try ColumnMapping.resolve(mapping)
            evaluator.split = split
            evaluator.seed = seed
            evaluator.limit = limit
            evaluator.baseline = baseline
            evaluator.concurrency = concurrency
            evaluator.limits.requestsPerMinute = rpm
            evaluator.environment = ProcessInfo.processInfo.environment
            let report = try await evaluator.run()
            let paths = try EvaluationJob.write(report, to: out)
            Output.error(
                "evaluated \(report.model) on \(report.n) tickets: category accuracy \(report.category.accuracy), macro-F1 \(report.category.macroF1); "
                    + "priority accuracy \(report.priority.accuracy), macro-F1 \(report.priority.macroF1)")
            if json {
                FileHandle.standardOutput.write(try JSONReportRenderer.render(report))
            } else {
                for path in paths { Output.line(path) }
            }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
