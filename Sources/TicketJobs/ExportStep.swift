import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// `export` in a job.
public struct ExportStep: Sendable {
    /// The file to write; `{period}` in it becomes the period's label (`exports/labels-{period}.csv`).
    public var out: String
    /// Default: `ExportOptions`'.
    public var format: ImportFormat?
    /// Only tickets created in this period (as a report step names it: `yesterday`, `last-week`, …), in
    /// `timezone` (default: the job's). Default: every ticket.
    public var period: String?
    public var timezone: String?

    /// The placeholder in `out` that the period's label replaces.
    public static let periodPlaceholder = "{period}"

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["out", "format", "period", "timezone"])
        guard let out = keys["out"] else { throw node.error("missing 'out'") }
        self.out = try out.filePath()
        if let period = keys["period"] {
            self.period = try ReportStep.period(period)
        } else if self.out.contains(Self.periodPlaceholder) {
            throw out.error("\(Self.periodPlaceholder) needs a 'period'")
        }
        timezone = try keys["timezone"]?.timeZoneName()
        if let format = keys["format"] {
            guard let parsed = ImportFormat(rawValue: try format.string()) else { throw format.error("expected csv or jsonl") }
            self.format = parsed
        } else {
            // As the command does: the name's extension says which, and one of another format is refused now.
            do {
                self.format = try ExportOptions.format(forOutput: self.out, given: nil)
            } catch {
                throw out.error(
                    "export writes CSV (.csv) or JSON Lines (.jsonl, .ndjson), and this name says neither: add 'format: csv' "
                        + "or 'format: jsonl'")
            }
        }
    }
}
