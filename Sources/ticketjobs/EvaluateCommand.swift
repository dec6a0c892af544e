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
    @Option(help: "The classifier to score (default local).") var provider: EvaluatedProvider?
    @Option(help: "The Anthropic model.") var model: String?
    @Option(help: "Train the local classifier on this labeled export.") var train: String?
    @Option(help: "A preset or mapping file for the fixtures.") var mapping: String?
    @Option(parsing: .unconditional, help: "Train on this fraction of a seeded shuffle of the fixtures; score the rest.") var split: Double?
    @Option(parsing: .unconditional, help: "The seed of the split and the training (default \(Evaluator.defaultSeed)).") var seed: UInt64?
    @Option(parsing: .unconditional, help: "Score at most N tickets.") var limit: Int?
    @Option(help: "A previous evaluation's JSON report to compare with.") var baseline: String?
    @Option(help: "Folder for the reports (default \(EvaluationSettings.defaultOutputDirectory)).") var out: String?
    @Option(parsing: .unconditional, help: "Requests in flight at most (anthropic; default \(ClassifyOptions().concurrency)).") var concurrency: Int?
    @Option(parsing: .unconditional, help: "Requests per minute (anthropic; default \(Int(RateLimits().requestsPerMinute))).") var rpm: Double?
    @Option(help: "Score under this taxonomy file (labels, definitions, examples) instead of the database's; the database is not changed.")
    var taxonomy: String?
    @Flag(help: "Print the JSON report on stdout.") var json = false

    /// The flags as settings; what they leave unset takes its default in `EvaluationSettings.makeEvaluator`.
    var settings: EvaluationSettings {
        var settings = EvaluationSettings(fixtures: fixtures)
        settings.provider = provider?.provider
        settings.model = model
        settings.trainingFile = train
        settings.mapping = mapping
        settings.split = split
        settings.seed = seed
        settings.limit = limit
        settings.baseline = baseline
        settings.concurrency = concurrency
        settings.requestsPerMinute = rpm
        settings.outputDirectory = out
        settings.taxonomyFile = taxonomy
        return settings
    }

    func validate() throws {
        if let (setting, reason) = settings.problem() { throw ValidationError("--\(setting) \(reason)") }
    }

    func run() async throws {
        let logger = global.makeLogger("evaluate")
        do {
            let settings = self.settings
            let evaluator = try settings.makeEvaluator(
                store: try global.openStore(), environment: ProcessInfo.processInfo.environment, logger: logger)
            let report = try await evaluator.run()
            let paths = try EvaluationJob.write(report, to: settings.output)
            if json {
                FileHandle.standardOutput.write(try JSONReportRenderer.render(report))
            } else {
                Output.line(
                    "evaluated \(report.model) on \(report.n) tickets: category accuracy \(report.category.accuracy), macro-F1 \(report.category.macroF1); "
                        + "priority accuracy \(report.priority.accuracy), macro-F1 \(report.priority.macroF1)")
                for path in paths { Output.line(path) }
            }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
