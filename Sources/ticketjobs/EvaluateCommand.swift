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

struct EvaluateCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a classifier against a labeled export; write the JSON and HTML evaluation report.",
        discussion: """
            Several providers or models (--provider local,anthropic, --model a,b) are scored on the same tickets \
            and written as one JSON and one HTML report side by side. File names carry the time of the run and \
            never overwrite an earlier report. Exit status: 0, 4 when --fail-under names a figure a run missed, \
            1 when the evaluation could not run.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A labeled export (CSV or JSONL); the same as --fixtures.") var file: String?
    @Option(help: "A labeled export (CSV or JSONL).") var fixtures: String?
    @Option(help: "The classifiers to score: local, anthropic, or both as local,anthropic (default local).") var provider: String?
    @Option(help: "The Anthropic model, or several as a,b (each a run).") var model: String?
    @Option(help: "Fail (exit 4) when a run misses a figure: KIND.METRIC=VALUE[,…], e.g. category.macro_f1=0.8,priority.accuracy=0.7 (metrics: \(EvaluationThreshold.metrics.joined(separator: ", "))).")
    var failUnder: String?
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
        var settings = EvaluationSettings(fixtures: file ?? fixtures ?? "")
        settings.providers = Self.list(provider).map { EvaluatedProvider(rawValue: $0)?.provider ?? .auto }
        settings.models = Self.list(model)
        settings.failUnder = Self.list(failUnder).compactMap { try? EvaluationThreshold.parse($0).get() }
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

    /// A comma-separated flag's items.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        for (value, name) in [(file, "the labeled export"), (fixtures, "--fixtures"), (train, "--train"), (mapping, "--mapping"),
                              (baseline, "--baseline"), (out, "--out"), (taxonomy, "--taxonomy")] {
            try PathArgument.requireNonEmpty(value, name)
        }
        // `import FILE` takes its file as an argument; `evaluate FILE` does too, beside the older --fixtures.
        switch (file, fixtures) {
        case (nil, nil): throw ValidationError("Missing expected argument '<file>' (a labeled export, or --fixtures <file>)")
        case (let file?, let fixtures?) where file != fixtures:
            throw ValidationError("two labeled exports given ('\(file)' and --fixtures '\(fixtures)'): give one")
        default: break
        }
        try PathArgument.requireReportFolder(out, "--out")
        for item in Self.list(failUnder) {
            if case .failure(let error) = EvaluationThreshold.parse(item) { throw ValidationError("--fail-under \(error)") }
        }
        if let (setting, reason) = settings.problem() { throw ValidationError("--\(setting) \(reason)") }
    }

    /// The progress line of an evaluation by Claude so far.
    static func describe(_ progress: EvaluationProgress) -> String {
        "evaluating \(progress.model): \(progress.done)/\(Output.counted(progress.tickets, "ticket")), "
            + Output.counted(progress.requests, "request")
    }

    func run() async throws {
        let logger = global.makeLogger("evaluate")
        do {
            let settings = self.settings
            let store = try global.openStore()
            // On a task of its own, so that SIGINT/SIGTERM cancel it: requests on the wire finish and their answers
            // are cached (they are paid for), nothing more is sent, and no report is written.
            let signals = SignalCancellation(logger: logger)
            let task = Task {
                try await EvaluationJob.run(
                    settings, store: store, environment: ProcessInfo.processInfo.environment, logger: logger,
                    progress: { ProgressLine.shared.update(Self.describe($0)) })
            }
            let outcome: EvaluationJob.Outcome
            do {
                defer { ProgressLine.shared.clear() }
                outcome = try await signals.value(
                    of: task, stopped: "evaluation interrupted; no report was written, and the answers received are cached for the next run")
            }
            if json {
                FileHandle.standardOutput.write(try EvaluationJob.json(outcome.reports))
            } else {
                for report in outcome.reports {
                    // What the local model learned from says how far its figures go (a handful of tickets, say).
                    let trained = report.trainingSize.map { ", trained on \(Output.counted($0, "distinct text"))" } ?? ""
                    Output.line(
                        "evaluated \(report.model) on \(Output.counted(report.n, "ticket"))\(trained): category accuracy "
                            + "\(report.category.accuracy), macro-F1 \(report.category.macroF1); "
                            + "priority accuracy \(report.priority.accuracy), macro-F1 \(report.priority.macroF1)")
                }
                for path in outcome.paths { Output.line(path) }
            }
            if !outcome.misses.isEmpty {
                Output.error("evaluate: below --fail-under: \(outcome.misses.joined(separator: "; "))")
                throw ExitCode(ExitStatus.belowThreshold)
            }
            // As for an import: the figures are written, and the status says they leave rows of the file out.
            if let report = outcome.reports.first, let rejected = report.rejectedRows, rejected > 0 {
                Output.error(
                    "evaluate: \(Output.counted(rejected, "fixture row")) rejected, not scored"
                        + (report.firstRejection.map { " (the first: \($0))" } ?? ""))
                throw ExitCode(ExitStatus.rowsRejected)
            }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
