import Foundation
import TicketModel
import TicketDatabase
import TicketClassification
import TicketReporting
import TicketImport

/// The edge of an evaluation: writes its JSON and HTML reports atomically, under names no other evaluation has.
public enum EvaluationJob {
    /// Writes one run as `evaluation-<provider>-<UTC time>.json/.html`, several as `evaluation-compare-…` (one
    /// JSON and one HTML side by side) into `directory`; returns the paths. A name already taken (by an
    /// earlier evaluation the same second, or a baseline) gets a counter: nothing is overwritten.
    public static func write(_ reports: [EvaluationReport], to directory: String) throws -> [String] {
        precondition(!reports.isEmpty, "no evaluation to write")
        let json: Data
        let html: Data
        let kind: String
        if reports.count == 1 {
            json = try JSONReportRenderer.render(reports[0])
            html = Data(try EvaluationHTMLRenderer().render(reports[0]).utf8)
            kind = reports[0].provider
        } else {
            let comparison = EvaluationComparison(runs: reports)
            json = try JSONReportRenderer.render(comparison)
            html = Data(try EvaluationHTMLRenderer().render(comparison).utf8)
            kind = "compare"
        }
        let base = uniqueBase(FilePaths.join(directory, "evaluation-\(kind)-\(stamp(reports[0].generatedAt))"))
        try AtomicFileWriter.write(json, to: base + ".json")
        try AtomicFileWriter.write(html, to: base + ".html")
        return [base + ".html", base + ".json"]
    }

    /// `2026-12-05T02:10:33Z` → `20261205T021033Z`: sortable, and safe in a file name.
    static func stamp(_ generatedAt: String) -> String {
        generatedAt.filter { $0 != "-" && $0 != ":" }
    }

    /// `base`, or `base-2`, `base-3`… whichever has neither a `.json` nor an `.html` file yet.
    static func uniqueBase(_ base: String) -> String {
        let manager = FileManager.default
        var candidate = base
        var counter = 1
        while manager.fileExists(atPath: candidate + ".json") || manager.fileExists(atPath: candidate + ".html") {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        return candidate
    }
}
