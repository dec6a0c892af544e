import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketClassification
import TicketReporting
import TicketImport

/// The edge of an evaluation: runs the evaluations a command or a job step describes and writes their JSON and
/// HTML reports atomically, under names no other evaluation has.
public enum EvaluationJob {
    /// What an evaluation run did: each classifier's report, the files written, the `--fail-under` figures missed.
    public struct Outcome: Sendable {
        public var reports: [EvaluationReport]
        public var paths: [String]
        public var misses: [String]
    }

    /// Scores every classifier `settings` names, one after another, and writes their report (side by side when
    /// several); `resolve` turns a path as given into one to open (a job file's are relative to it). Throws
    /// `CancellationError`, having written nothing, when its task is cancelled.
    public static func run(
        _ settings: EvaluationSettings, store: TicketStore, environment: [String: String], logger: Logger,
        clock: (any WallClock)? = nil, resolve: (String) -> String = { $0 },
        progress: (@Sendable (EvaluationProgress) -> Void)? = nil
    ) async throws -> Outcome {
        var reports: [EvaluationReport] = []
        for var evaluator in try settings.makeEvaluators(store: store, environment: environment, logger: logger, resolve: resolve) {
            if let clock { evaluator.clock = clock }
            evaluator.progress = progress
            reports.append(try await evaluator.run())
        }
        // Stopped (SIGINT, SIGTERM): Claude's answers that came are cached for the next run; a report counting the
        // tickets never sent as failures would mislead, so none is written.
        try Task.checkCancellation()
        let paths = try write(reports, to: resolve(settings.output))
        return Outcome(reports: reports, paths: paths, misses: settings.misses(reports))
    }

    /// The JSON of one run, or of several side by side.
    public static func json(_ reports: [EvaluationReport]) throws -> Data {
        reports.count == 1 ? try JSONReportRenderer.render(reports[0]) : try JSONReportRenderer.render(EvaluationComparison(runs: reports))
    }

    /// Writes one run as `evaluation-<provider>-<UTC time>.json/.html`, several as `evaluation-compare-…` (one
    /// JSON and one HTML side by side) into `directory`; returns the paths. A name already taken (by an
    /// earlier evaluation the same second, also one of another process writing at this moment, or a baseline)
    /// gets a counter: each file claims its name as it is put in place, so nothing is overwritten.
    public static func write(_ reports: [EvaluationReport], to directory: String) throws -> [String] {
        precondition(!reports.isEmpty, "no evaluation to write")
        let json = try json(reports)
        let renderer = try EvaluationHTMLRenderer()
        let html = Data((reports.count == 1 ? renderer.render(reports[0]) : renderer.render(EvaluationComparison(runs: reports))).utf8)
        let kind = reports.count == 1 ? reports[0].provider : "compare"
        let base = FilePaths.join(directory, "evaluation-\(kind)-\(stamp(reports[0].generatedAt))")
        var counter = 0
        while true {
            counter += 1
            let candidate = counter == 1 ? base : "\(base)-\(counter)"
            guard try AtomicFileWriter.writeIfAbsent(json, to: candidate + ".json") else { continue }
            guard try AtomicFileWriter.writeIfAbsent(html, to: candidate + ".html") else {
                // An HTML file of that name without its JSON: leave it, and the name.
                unlink(candidate + ".json")
                continue
            }
            return [candidate + ".html", candidate + ".json"]
        }
    }

    /// `2026-12-05T02:10:33Z` → `20261205T021033Z`: sortable, and safe in a file name.
    static func stamp(_ generatedAt: String) -> String {
        generatedAt.filter { $0 != "-" && $0 != ":" }
    }
}
