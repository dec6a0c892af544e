import Foundation
import TicketModel
import TicketDatabase

/// Renders a report as JSON: stable key order, so golden files and diffs stay readable.
public enum JSONReportRenderer {
    public static func render<Report: Encodable>(_ report: Report) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(report) + Data("\n".utf8)
    }
}
