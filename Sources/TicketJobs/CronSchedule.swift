import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// A 5-field cron expression (minute hour day-of-month month day-of-week) or a shorthand (`@hourly`,
/// `@daily`, `@weekly`, `@monthly`), evaluated in a time zone.
///
/// As in Vixie cron, when both day-of-month and day-of-week are restricted a day matching either runs.
/// Across DST changes: a wall-clock time that does not exist (spring forward) is skipped, and one that
/// occurs twice (fall back) runs once, at its first occurrence.
public struct CronSchedule: Sendable, Equatable {
    public let expression: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday.
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    public init(_ expression: String) throws {
        self.expression = expression
        let shorthand: [String: String] = [
            "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
            "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
        ]
        let text = shorthand[expression.trimmingCharacters(in: .whitespaces).lowercased()] ?? expression
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(expression: expression, reason: "expected 5 fields (minute hour day month weekday) or @hourly/@daily/@weekly/@monthly")
        }
        minutes = try CronSchedule.parse(fields[0], 0...59, name: "minute", expression: expression)
        hours = try CronSchedule.parse(fields[1], 0...23, name: "hour", expression: expression)
        daysOfMonth = try CronSchedule.parse(fields[2], 1...31, name: "day of month", expression: expression)
        months = try CronSchedule.parse(fields[3], 1...12, name: "month", expression: expression, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], firstNameValue: 1)
        let weekdays = try CronSchedule.parse(fields[4], 0...7, name: "day of week", expression: expression, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], firstNameValue: 0)
        daysOfWeek = Set(weekdays.map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
        // Cron takes `0 0 31 2 *` and never runs it: a job that waits for a day no month has is a mistake to say.
        // (A weekday restricted as well means either, and some day always matches.)
        if dayOfMonthRestricted && !dayOfWeekRestricted,
            !months.contains(where: { month in daysOfMonth.contains { $0 <= CronSchedule.longestMonth[month - 1] } })
        {
            let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            let monthList = months.sorted().map { names[$0 - 1] }.joined(separator: ", ")
            let dayList = daysOfMonth.sorted().map(String.init).joined(separator: ", ")
            throw CronError(expression: expression, reason: "it never runs: no day \(dayList) in \(monthList)")
        }
    }

    /// Days in each month at most (February's 29th comes every four years or so, and a schedule for it runs then).
    private static let longestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    static func parse(
        _ field: String, _ range: ClosedRange<Int>, name: String, expression: String, names: [String] = [], firstNameValue: Int = 0
    ) throws -> Set<Int> {
        func value(_ text: String) throws -> Int {
            if let number = Int(text), range.contains(number) { return number }
            if let index = names.firstIndex(of: text.lowercased()) { return index + firstNameValue }
            throw CronError(expression: expression, reason: "\(name): '\(text)' is not in \(range.lowerBound)-\(range.upperBound)")
        }
        var result = Set<Int>()
        for part in field.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2, !pieces[0].isEmpty else { throw CronError(expression: expression, reason: "\(name): '\(part)' is malformed") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw CronError(expression: expression, reason: "\(name): step '\(pieces[1])' must be a positive number") }
                step = parsed
            }
            let lower: Int, upper: Int
            if pieces[0] == "*" {
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else if pieces[0].contains("-") {
                let bounds = pieces[0].split(separator: "-").map(String.init)
                guard bounds.count == 2 else { throw CronError(expression: expression, reason: "\(name): '\(part)' is malformed") }
                (lower, upper) = (try value(bounds[0]), try value(bounds[1]))
                guard lower <= upper else { throw CronError(expression: expression, reason: "\(name): range '\(pieces[0])' is backwards") }
            } else {
                lower = try value(pieces[0])
                upper = pieces.count == 2 ? range.upperBound : lower
            }
            result.formUnion(stride(from: lower, through: upper, by: step))
        }
        return result
    }

    func matches(day: CivilDate) -> Bool {
        guard months.contains(day.month) else { return false }
        let domMatch = daysOfMonth.contains(day.day)
        let dowMatch = daysOfWeek.contains(day.isoWeekday % 7)
        if dayOfMonthRestricted && dayOfWeekRestricted { return domMatch || dowMatch }
        return domMatch && dowMatch
    }

    /// The first run time strictly after `date`, in `timeZone`; nil if none within eight years.
    ///
    /// A time the spring change skips runs later by the jump (02:30 at 03:30 that night), where cron runs it
    /// just after the change and systemd's timers shifted too: a nightly job never misses a night. A time that
    /// occurs twice (clocks going back) runs at its first occurrence only.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        let parser = TimestampParser(timeZone: timeZone)
        var day = CivilDate(containing: date, in: timeZone).adding(days: -1)
        for _ in 0..<(366 * 8) {
            defer { day = day.adding(days: 1) }
            // The earliest of the day: a shifted time may come after a later wall-clock time that exists.
            if let earliest = times(on: day, parser).filter({ $0 > date }).min() { return earliest }
        }
        return nil
    }

    /// The latest run time at or before `date` and less than `days` days before it (for catch-up).
    public func previous(atOrBefore date: Date, in timeZone: TimeZone, days: Int = 400) -> Date? {
        let parser = TimestampParser(timeZone: timeZone)
        let horizon = date.addingTimeInterval(-Double(days) * 86_400)
        // From the day after: a time shifted past midnight belongs to the day before its instant.
        var day = CivilDate(containing: date, in: timeZone).adding(days: 1)
        for _ in 0...(days + 2) {
            defer { day = day.adding(days: -1) }
            if let latest = times(on: day, parser).filter({ $0 <= date && $0 > horizon }).max() { return latest }
        }
        return nil
    }

    /// The instants this schedule names on `day` (none when the day does not match), in no order.
    private func times(on day: CivilDate, _ parser: TimestampParser) -> [Date] {
        guard matches(day: day) else { return [] }
        return hours.flatMap { hour in
            minutes.map { minute in
                Date(
                    timeIntervalSince1970: parser.instant(
                        year: day.year, month: day.month, day: day.day, seconds: hour * 3600 + minute * 60))
            }
        }
    }
}
