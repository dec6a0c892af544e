import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// `report` in a job.
public struct ReportStep: Sendable {
    public var period: String
    public var timezone: String?
    public var format = "html,json"
    public var out = "reports"

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["period", "timezone", "format", "out"])
        guard let period = keys["period"] else { throw node.error("missing 'period'") }
        self.period = try Self.period(period)
        timezone = try keys["timezone"]?.timeZoneName()
        if let format = keys["format"] {
            self.format = try format.string()
            do { _ = try ReportWriter.formats(self.format) } catch { throw format.error("\(error)") }
        }
        out = try keys["out"]?.reportFolder() ?? out
    }

    /// A step's `period`, checked as a report reads it (whatever day the job runs on, its shape is the same).
    static func period(_ node: ConfigNode) throws -> String {
        let text = try node.string()
        do {
            _ = try ReportPeriod.parse(text, now: Date(), timeZone: TimeZone(identifier: "UTC")!)
        } catch { throw node.error("\(error)") }
        return text
    }
}
