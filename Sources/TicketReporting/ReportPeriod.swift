import Foundation
import TicketModel
import TicketDatabase

/// The calendar days a report covers, in a time zone.
public struct ReportPeriod: Sendable, Equatable {
    /// A name for the period that is also safe as a file name: `2026-W47`, `2026-11`, `2026-11-01..2026-11-14`.
    public var label: String
    /// First day, inclusive.
    public var start: CivilDate
    /// Last day, inclusive.
    public var end: CivilDate
    public var timeZone: TimeZone

    public init(label: String, start: CivilDate, end: CivilDate, timeZone: TimeZone) {
        self.label = label
        self.start = start
        self.end = end
        self.timeZone = timeZone
    }

    /// The zone's name as reports show it.
    public var timeZoneName: String { timeZone.displayIdentifier }

    public var days: Int { end.daysSinceEpoch - start.daysSinceEpoch + 1 }

    /// Every day of the period, in order.
    public var allDays: [CivilDate] { (0..<days).map { start.adding(days: $0) } }

    /// The first instant of the period and the first instant after it.
    public var instants: (start: Date, end: Date) { (start.start(in: timeZone), end.adding(days: 1).start(in: timeZone)) }

    /// What the period is compared with: the previous calendar month for a whole month (October for November,
    /// not the 30 days before it), the previous quarter for a quarter, the previous ISO week for a week, else as
    /// many days just before.
    public var previous: ReportPeriod {
        if isYear { return Self.year(start.year - 1, in: timeZone) }
        if isQuarter { return Self.quarter(of: start.adding(days: -1), in: timeZone) }
        if isMonth {
            return start.month == 1
                ? Self.month(start.year - 1, 12, in: timeZone) : Self.month(start.year, start.month - 1, in: timeZone)
        }
        let previousEnd = start.adding(days: -1)
        let previousStart = previousEnd.adding(days: -(days - 1))
        if days == 7, start.isoWeekday == 1 {
            return ReportPeriod(label: Self.isoWeekLabel(of: previousStart), start: previousStart, end: previousEnd, timeZone: timeZone)
        }
        return ReportPeriod(
            label: days == 1 ? previousStart.description : "\(previousStart)..\(previousEnd)", start: previousStart,
            end: previousEnd, timeZone: timeZone)
    }

    /// Whether the period is a calendar year.
    var isYear: Bool { start.year == end.year && start.month == 1 && start.day == 1 && end.month == 12 && end.day == 31 }

    /// Whether the period is a calendar quarter (January to March, April to June, …).
    var isQuarter: Bool {
        start.year == end.year && start.day == 1 && (start.month - 1) % 3 == 0 && end.month == start.month + 2
            && end.day == TimestampParser.daysIn(month: end.month, year: end.year)
    }

    /// Whether the period is a calendar month.
    var isMonth: Bool {
        start.year == end.year && start.month == end.month && start.day == 1
            && end.day == TimestampParser.daysIn(month: end.month, year: end.year)
    }

    /// The periods a report's trend shows, oldest first and this one last: 4 years before a year, 4 quarters
    /// before a quarter (the same quarter a year ago among them), 12 months before a month, 8 ISO weeks before a
    /// week, 13 days before a day; nil for any other range.
    public var trend: [ReportPeriod]? {
        let earlier =
            isYear ? 4 : isQuarter ? 4 : isMonth ? 12 : days == 7 && start.isoWeekday == 1 ? 8 : days == 1 ? 13 : nil
        guard let earlier else { return nil }
        var periods = [self]
        for _ in 0..<earlier { periods.append(periods.last!.previous) }
        return periods.reversed()
    }

    /// A calendar year, labelled `2026`.
    static func year(_ year: Int, in timeZone: TimeZone) -> ReportPeriod {
        ReportPeriod(
            label: String(year), start: CivilDate(year: year, month: 1, day: 1), end: CivilDate(year: year, month: 12, day: 31),
            timeZone: timeZone)
    }

    /// A calendar quarter (1 to 4), labelled `2026-Q4`.
    static func quarter(_ year: Int, _ quarter: Int, in timeZone: TimeZone) -> ReportPeriod {
        let first = CivilDate(year: year, month: quarter * 3 - 2, day: 1)
        let last = CivilDate(year: year, month: quarter * 3, day: TimestampParser.daysIn(month: quarter * 3, year: year))
        return ReportPeriod(label: "\(year)-Q\(quarter)", start: first, end: last, timeZone: timeZone)
    }

    /// The calendar quarter `day` is in.
    static func quarter(of day: CivilDate, in timeZone: TimeZone) -> ReportPeriod {
        quarter(day.year, (day.month - 1) / 3 + 1, in: timeZone)
    }

    /// A calendar month, labelled `2026-11`.
    static func month(_ year: Int, _ month: Int, in timeZone: TimeZone) -> ReportPeriod {
        let first = CivilDate(year: year, month: month, day: 1)
        let last = CivilDate(year: year, month: month, day: TimestampParser.daysIn(month: month, year: year))
        return ReportPeriod(label: String(first.description.prefix(7)), start: first, end: last, timeZone: timeZone)
    }

    /// `2026-W47` for the ISO week that starts on `monday`: the ISO year is that of the week's Thursday.
    static func isoWeekLabel(of monday: CivilDate) -> String {
        let thursday = monday.adding(days: 3)
        let number = (thursday.daysSinceEpoch - CivilDate.mondayOfISOWeek(1, year: thursday.year).daysSinceEpoch) / 7 + 1
        return "\(thursday.year)-W" + (number < 10 ? "0\(number)" : "\(number)")
    }

    /// The longest period a report covers: ten years of days.
    public static let maximumDays = 3653

    /// Parses a period: a day `2026-11-23`, an ISO week `2026-W47`, a month `2026-11`, a quarter `2026-Q4`, a year
    /// `2026`, an inclusive range `2026-11-01..2026-11-14`, or `today`, `yesterday`, `this-week`, `last-week`,
    /// `week-to-date`, `this-month`, `last-month`, `this-quarter`, `last-quarter`, `this-year`, `last-year`
    /// relative to `now` in `timeZone`.
    /// Weeks run Monday to Sunday.
    public static func parse(_ text: String, now: Date, timeZone: TimeZone) throws -> ReportPeriod {
        do {
            return try parseExactly(text, now: now, timeZone: timeZone)
        } catch ReportError.invalidPeriod(let text, nil) {
            throw ReportError.invalidPeriod(text, suggestion: suggestion(for: text, now: now, timeZone: timeZone))
        }
    }

    /// The names `parse` reads, relative to its `now`.
    static let relativeNames = [
        "today", "yesterday", "this-week", "last-week", "week-to-date", "this-month", "last-month", "this-quarter",
        "last-quarter", "this-year", "last-year",
    ]

    /// The period likely meant by one `parse` does not read: a name written with `_` or a space, in capitals, or
    /// within two edits (`lastweek`); a week with a small `w`; a month or day with slashes (`2026/11`).
    static func suggestion(for text: String, now: Date, timeZone: TimeZone) -> String? {
        let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        let candidates = [folded, ConfigNode.closest(to: folded, in: Set(relativeNames)), folded.uppercased()]
            .compactMap { $0?.replacingOccurrences(of: "/", with: "-") }
        return candidates.first { $0 != text && (try? parseExactly($0, now: now, timeZone: timeZone)) != nil }
    }

    private static func parseExactly(_ text: String, now: Date, timeZone: TimeZone) throws -> ReportPeriod {
        let today = CivilDate(containing: now, in: timeZone)
        func make(_ label: String, _ start: CivilDate, _ end: CivilDate) -> ReportPeriod {
            ReportPeriod(label: label, start: start, end: end, timeZone: timeZone)
        }
        func week(of day: CivilDate) -> ReportPeriod {
            let monday = day.adding(days: 1 - day.isoWeekday)
            return make(isoWeekLabel(of: monday), monday, monday.adding(days: 6))
        }
        func month(_ year: Int, _ month: Int) -> ReportPeriod { Self.month(year, month, in: timeZone) }
        switch text {
        case "today": return make(today.description, today, today)
        case "yesterday":
            let day = today.adding(days: -1)
            return make(day.description, day, day)
        case "last-week": return week(of: today.adding(days: -7))
        case "this-week": return week(of: today)
        case "week-to-date":
            let monday = today.adding(days: 1 - today.isoWeekday)
            return make("\(monday)..\(today)", monday, today)
        case "last-month":
            return month(today.year, today.month).previous
        case "this-month": return month(today.year, today.month)
        case "this-quarter": return quarter(of: today, in: timeZone)
        case "last-quarter": return quarter(of: today, in: timeZone).previous
        case "this-year": return year(today.year, in: timeZone)
        case "last-year": return year(today.year - 1, in: timeZone)
        default: break
        }
        if text.count == 4, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(text), number >= 1 {
            return year(number, in: timeZone)
        }
        if let day = CivilDate(text) { return make(text, day, day) }
        if text.contains("..") {
            let bounds = text.components(separatedBy: "..")
            if bounds.count == 2, let reason = CivilDate.whyNoDay(bounds[0]) ?? CivilDate.whyNoDay(bounds[1]) {
                throw ReportError.noSuchPeriod(text, reason: reason)
            }
            guard bounds.count == 2, let first = CivilDate(bounds[0]), let last = CivilDate(bounds[1]) else {
                throw ReportError.invalidPeriod(text)
            }
            guard first <= last else { throw ReportError.periodBackwards(text, first: bounds[0], last: bounds[1]) }
            // A report draws every day: millennia would take minutes and write tens of megabytes.
            guard last.daysSinceEpoch - first.daysSinceEpoch < maximumDays else {
                throw ReportError.periodTooLong(text, days: last.daysSinceEpoch - first.daysSinceEpoch + 1, maximum: maximumDays)
            }
            return make(text, first, last)
        }
        let parts = text.split(separator: "-")
        if parts.count == 2, let year = Int(parts[0]), parts[0].count == 4 {
            if parts[1].hasPrefix("W"), let number = Int(parts[1].dropFirst()), parts[1].count == 3 {
                let weeks = CivilDate.isoWeeks(in: year)
                guard number >= 1, number <= weeks else {
                    throw ReportError.noSuchPeriod(text, reason: "\(parts[0]) has \(weeks) ISO weeks (\(parts[0])-W01..\(parts[0])-W\(weeks))")
                }
                return week(of: CivilDate.mondayOfISOWeek(number, year: year))
            }
            if parts[1].hasPrefix("Q"), parts[1].count == 2, let number = Int(parts[1].dropFirst()) {
                guard (1...4).contains(number) else {
                    throw ReportError.noSuchPeriod(text, reason: "a year has four quarters (\(parts[0])-Q1..\(parts[0])-Q4)")
                }
                return quarter(year, number, in: timeZone)
            }
            if let monthNumber = Int(parts[1]), parts[1].count == 2 {
                guard (1...12).contains(monthNumber) else { throw ReportError.noSuchPeriod(text, reason: CivilDate.monthsRun) }
                return month(year, monthNumber)
            }
        }
        if let reason = CivilDate.whyNoDay(text) { throw ReportError.noSuchPeriod(text, reason: reason) }
        throw ReportError.invalidPeriod(text)
    }
}
