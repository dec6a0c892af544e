import Foundation
import TicketModel
import TicketDatabase
import TicketClassification
import TicketReporting
import TicketImport

/// The edge of an evaluation: runs the evaluator and writes its JSON and HTML reports atomically.
public enum EvaluationJob {
    /// Writes `evaluation-<provider>-<date>.json/.html` into `directory`; returns the paths.
    public static func write(_ report: EvaluationReport, to directory: String) throws -> [String] {
        let day = String(report.generatedAt.prefix(10))
        let base = FilePaths.join(directory, "evaluation-\(report.provider)-\(day)")
        let json = try JSONReportRenderer.render(report)
        let html = Data(try EvaluationHTMLRenderer().render(report).utf8)
        try AtomicFileWriter.write(json, to: base + ".json")
        try AtomicFileWriter.write(html, to: base + ".html")
        return [base + ".html", base + ".json"]
    }
}
