import Foundation

/// A date or time given on the command line or in a job file: a day covers the whole day.
public struct DateArgument: Sendable, Equatable {
    public var start: Date
    /// The first instant after the argument: the next midnight for a day, the instant itself for a time.
    public var endExclusive: Date

    /// Parses `text` (a `YYYY-MM-DD` day in `timeZone`, or any timestamp the importer accepts).
    public static func parse(_ text: String, option: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws
        -> DateArgument
    {
        let parser = TimestampParser(timeZone: timeZone)
        let parts = text.split(separator: "-")
        if parts.count == 3, text.count == 10, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), parser.parse(text) != nil
        {
            let start = parser.instant(year: year, month: month, day: day)
            let next = UTCTimestamp.civil(fromDays: TimestampParser.daysFromCivil(year: year, month: month, day: day) + 1)
            let end = parser.instant(year: next.year, month: next.month, day: next.day)
            return DateArgument(start: Date(timeIntervalSince1970: start), endExclusive: Date(timeIntervalSince1970: end))
        }
        guard let date = parser.parse(text) else {
            let reason = CivilDate.whyNoDay(text) ?? "give a day (2026-11-01) or a time (2026-11-01T09:00:00Z)"
            throw ConfigError(file: "command line", line: nil, key: option, reason: "cannot parse date '\(text)': \(reason)")
        }
        return DateArgument(start: date, endExclusive: date)
    }

    /// `--since` and `--until` together: where a window of creation times starts and where it ends (exclusive).
    /// A window that holds no instant is refused: it would match nothing, which reads like an empty store.
    public static func window(since: String?, until: String?) throws -> (start: Date?, end: Date?) {
        let start = try since.map { try parse($0, option: "--since").start }
        let end = try until.map { try parse($0, option: "--until").endExclusive }
        if let start, let end, end <= start, let since, let until {
            throw ConfigError(
                file: "command line", line: nil, key: "--until",
                reason: "'\(until)' is not after --since '\(since)': no ticket would match")
        }
        return (start, end)
    }
}
