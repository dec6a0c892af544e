import Foundation
import TicketModel
import TicketDatabase

/// Reasons a report cannot be made.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// A period in no shape we read; `suggestion` is the one likely meant (`last_week`: `last-week`).
    case invalidPeriod(String, suggestion: String? = nil)
    /// A period written the right way that names a day, week or month the calendar lacks (`2025-02-29`,
    /// `2025-W53`, `2026-13`): the reason says which.
    case noSuchPeriod(String, reason: String)
    case unknownFormat(String)
    case renderFailed(String)
    case firstImportRunning(pid: Int)
    case unknownTimeZone(String)
    case periodTooLong(String, days: Int, maximum: Int)
    /// A range whose last day comes before its first (`2026-11-30..2026-11-01`).
    case periodBackwards(String, first: String, last: String)

    public var description: String {
        switch self {
        case .invalidPeriod(let text, let suggestion?): "invalid period '\(text)': did you mean \(suggestion)?"
        case .invalidPeriod(let text, nil):
            "invalid period '\(text)': use a day (2026-11-23), an ISO week (2026-W47), a month (2026-11), a quarter (2026-Q4), a year (2026), "
                + "a range (2026-11-01..2026-11-14), \(ReportPeriod.relativeNames.dropLast().joined(separator: ", ")) or "
                + ReportPeriod.relativeNames.last!
        case .noSuchPeriod(let text, let reason): "invalid period '\(text)': \(reason)"
        case .unknownFormat(let text): "unknown report format '\(text)': use html, json or both (html,json)"
        case .renderFailed(let reason): "the report could not be rendered: \(reason)"
        case .unknownTimeZone(let name): "unknown time zone '\(name)': \(TimeZone.hint(forUnknown: name))"
        case .periodTooLong(let text, let days, let maximum):
            "period '\(text)' spans \(days) days; a report covers at most \(maximum) (ten years)"
        case .periodBackwards(let text, let first, let last):
            "period '\(text)' ends before it starts: write the earlier day first (\(last)..\(first))"
        case .firstImportRunning(let pid):
            "the database's first import is still running (pid \(pid)); its figures are complete once it has finished"
        }
    }
}
