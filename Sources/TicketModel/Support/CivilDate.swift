import Foundation

/// A calendar day with no time zone attached (`2026-11-25`).
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(daysSinceEpoch days: Int) {
        let civil = UTCTimestamp.civil(fromDays: days)
        self.init(year: civil.year, month: civil.month, day: civil.day)
    }

    /// Parses `YYYY-MM-DD`, checking that the day exists.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= TimestampParser.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Why `text`, written as a day (`YYYY-MM-DD`), names none (`2025-02-29`: "2025-02 has 28 days"); nil when it
    /// is a day or is not written as one.
    public static func whyNoDay(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts.map(\.count) == [4, 2, 2], CivilDate(text) == nil,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        guard (1...12).contains(month) else { return monthsRun }
        return day < 1 ? "days run from 01" : "\(parts[0])-\(parts[1]) has \(TimestampParser.daysIn(month: month, year: year)) days"
    }

    public static let monthsRun = "months run from 01 to 12"

    /// The day that contains `date` in `timeZone`.
    public init(containing date: Date, in timeZone: TimeZone) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        self.init(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }

    public var daysSinceEpoch: Int { TimestampParser.daysFromCivil(year: year, month: month, day: day) }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let weekday = (daysSinceEpoch + 3) % 7  // 1970-01-01 was a Thursday
        return (weekday < 0 ? weekday + 7 : weekday) + 1
    }

    /// The Monday of ISO week `week` of `year` (week 1 holds January 4th).
    public static func mondayOfISOWeek(_ week: Int, year: Int) -> CivilDate {
        let january4 = CivilDate(year: year, month: 1, day: 4)
        return january4.adding(days: 1 - january4.isoWeekday + (week - 1) * 7)
    }

    /// The number of ISO weeks in `year` (52 or 53).
    public static func isoWeeks(in year: Int) -> Int {
        let december28 = CivilDate(year: year, month: 12, day: 28)
        let monday = mondayOfISOWeek(1, year: year)
        return (december28.daysSinceEpoch - monday.daysSinceEpoch) / 7 + 1
    }

    /// The first instant of this day in `timeZone`, DST-correct.
    public func start(in timeZone: TimeZone) -> Date {
        Date(timeIntervalSince1970: TimestampParser(timeZone: timeZone).instant(year: year, month: month, day: day))
    }

    public var description: String { UTCTimestamp.date(year: year, month: month, day: day) }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
