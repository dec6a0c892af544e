import Foundation

/// Parses the timestamps found in ticket exports into UTC instants.
///
/// Accepts ISO 8601 with or without an offset (`T` or a space between date and time, optional seconds and
/// fraction), `YYYY-MM-DD`, Unix epoch seconds (or milliseconds), and any extra `DateFormatter` patterns a
/// mapping names (Jira writes `25/Nov/26 3:04 PM`). A value without an offset is read in `timeZone`. The
/// common forms are parsed by hand: `Calendar` costs microseconds a call, which a million-row import notices.
public final class TimestampParser {
    public let timeZone: TimeZone
    private let isUTC: Bool
    private let formatters: [DateFormatter]

    public init(timeZone: TimeZone = TimeZone(identifier: "UTC")!, extraFormats: [String] = []) {
        self.timeZone = timeZone
        isUTC = timeZone.identifier == "UTC" || timeZone.identifier == "GMT"
        formatters = extraFormats.map { pattern in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = pattern
            formatter.isLenient = false
            return formatter
        }
    }

    /// What a field holds: an instant, something that is not a timestamp, or one outside the years 1–9999.
    public enum Reading: Equatable {
        case instant(Date)
        case unparseable
        case outOfRange
        /// Written as an ISO 8601 date (and time) that names no day or time of the calendar: why (`2026-02 has
        /// 28 days`). Another date format would not read it either.
        case impossible(String)
    }

    /// Seconds since 1970 of 0001-01-01T00:00:00Z and of the last second of 9999: every instant a ticket may
    /// carry. Beyond them a value reaches integer conversions that trap (a Unix timestamp of 10^20).
    public static let representable: ClosedRange<TimeInterval> = -62_135_596_800...253_402_300_799

    /// Reads `text`, telling an instant out of range apart from text that is no timestamp at all.
    public func read(_ text: String) -> Reading {
        let trimmed = text.trimmed
        var seconds: TimeInterval?
        var impossible: String?
        switch parseFast(trimmed) {
        case .seconds(let value): seconds = value
        case .impossible(let why): impossible = why
        case .unread: break
        }
        if seconds == nil {
            for formatter in formatters {
                if let date = formatter.date(from: trimmed) {
                    seconds = date.timeIntervalSince1970
                    break
                }
            }
        }
        guard let seconds else { return impossible.map(Reading.impossible) ?? .unparseable }
        guard seconds.isFinite, Self.representable.contains(seconds) else { return .outOfRange }
        return .instant(Date(timeIntervalSince1970: seconds))
    }

    /// The instant `text` names, or nil when it is not a timestamp in any accepted form or out of range.
    public func parse(_ text: String) -> Date? {
        if case .instant(let date) = read(text) { return date }
        return nil
    }

    /// Seconds since 1970 for a local wall-clock time (no offset) in `timeZone`, DST-correct.
    public func instant(year: Int, month: Int, day: Int, seconds: Int = 0) -> TimeInterval {
        let local = Double(TimestampParser.daysFromCivil(year: year, month: month, day: day) * 86_400 + seconds)
        return isUTC ? local : toUTC(local)
    }

    /// The instant of a wall-clock time (`local`: its seconds as if it were UTC). A time a change of offset
    /// skips moves forward by the jump, as `Calendar` does: Chile and Cuba skip the hour after midnight, so
    /// such a day starts at 01:00, not at 23:00 the evening before. A time that occurs twice is its first.
    private func toUTC(_ local: TimeInterval) -> TimeInterval {
        func offset(_ seconds: TimeInterval) -> TimeInterval {
            Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)))
        }
        // The offsets a day and a half either side; no zone changes its offset twice within that.
        let before = offset(local - 129_600), after = offset(local + 129_600)
        if before == after { return local - before }
        let early = local - before, late = local - after
        switch (offset(early) == before, offset(late) == after) {
        case (true, true): return min(early, late)  // repeated: the first
        case (true, false): return early
        case (false, true): return late
        case (false, false): return early  // skipped: in the old offset, so later by the jump
        }
    }

    /// Seconds of a Unix timestamp, which may be in milliseconds (JavaScript's `Date.now()`, HubSpot's and
    /// Salesforce's APIs): a number of 13 digits or more, past the year 9999 as seconds, is read as milliseconds
    /// (from 2001-09-09 on). No number of seconds a ticket may carry is read differently.
    private static func epochSeconds(_ value: TimeInterval) -> TimeInterval {
        value >= 1e12 ? value / 1000 : value
    }

    /// What the fast path made of a text: seconds since 1970, an ISO 8601 date naming no day or time (and why),
    /// or nothing it reads (a date format of the mapping's may).
    private enum FastReading {
        case seconds(TimeInterval)
        case impossible(String)
        case unread
    }

    private func parseFast(_ text: String) -> FastReading {
        // Over the string's own bytes: copying them into an array first was an allocation per timestamp.
        var bytes = text
        return bytes.withUTF8 { parseFast(text, utf8: $0) }
    }

    private func parseFast(_ text: String, utf8: UnsafeBufferPointer<UInt8>) -> FastReading {
        if utf8.isEmpty { return .unread }
        if utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) {
            return Double(text).map { .seconds(Self.epochSeconds($0)) } ?? .unread
        }
        // Epoch seconds as a JSON number may come in exponent form (1.7956008e9) or be negative.
        if utf8.allSatisfy({
            ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D
        }),
            utf8.contains(where: { $0 == 0x65 || $0 == 0x45 }) || utf8[0] == 0x2D,
            let seconds = Double(text)
        {
            return .seconds(Self.epochSeconds(seconds))
        }
        var cursor = 0
        func number(_ width: Int) -> Int? {
            guard cursor + width <= utf8.count else { return nil }
            var value = 0
            for i in cursor..<cursor + width {
                let byte = utf8[i]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            cursor += width
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard cursor < utf8.count, utf8[cursor] == byte else { return false }
            cursor += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2) else {
            return .unread
        }
        guard (1...12).contains(month) else { return .impossible("there is no month \(month)") }
        let days = TimestampParser.daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            return .impossible(day == 0 ? "there is no day 0" : "\(text.prefix(7)) has \(days) days")
        }
        var secondsOfDay = 0.0
        if cursor < utf8.count {
            guard utf8[cursor] == 0x54 || utf8[cursor] == 0x20 else { return .unread }
            cursor += 1
            // One digit for the hour too, as Excel writes times under locales with ISO dates ("2026-11-20 9:05").
            guard let hour = number(2) ?? number(1), expect(0x3A), let minute = number(2) else { return .unread }
            if hour > 23 { return .impossible("there is no hour \(hour) (a day's are 00 to 23)") }
            if minute > 59 { return .impossible("there is no minute \(minute)") }
            var second = 0.0
            if expect(0x3A) {
                guard let whole = number(2), whole <= 60 else { return .unread }
                second = Double(whole)
                if expect(0x2E) || expect(0x2C) {
                    var scale = 0.1
                    while cursor < utf8.count, utf8[cursor] >= 0x30, utf8[cursor] <= 0x39 {
                        second += Double(utf8[cursor] - 0x30) * scale
                        scale /= 10
                        cursor += 1
                    }
                }
            }
            secondsOfDay = Double(hour * 3600 + minute * 60) + second
        }
        let local = Double(TimestampParser.daysFromCivil(year: year, month: month, day: day) * 86_400) + secondsOfDay
        while cursor < utf8.count, utf8[cursor] == 0x20 { cursor += 1 }
        if cursor == utf8.count { return .seconds(isUTC ? local : toUTC(local)) }
        // An explicit offset: Z, UTC, GMT, ±HH, ±HH:MM or ±HHMM.
        let rest = utf8[cursor...]
        if rest.elementsEqual("Z".utf8) || rest.elementsEqual("UTC".utf8) || rest.elementsEqual("GMT".utf8) {
            return .seconds(local)
        }
        let sign: Double
        if expect(0x2B) {
            sign = 1
        } else if expect(0x2D) {
            sign = -1
        } else {
            return .unread
        }
        guard let offsetHours = number(2), offsetHours <= 14 else { return .unread }
        var offsetMinutes = 0
        if cursor < utf8.count {
            _ = expect(0x3A)
            guard let minutes = number(2), minutes < 60 else { return .unread }
            offsetMinutes = minutes
        }
        guard cursor == utf8.count else { return .unread }
        return .seconds(local - sign * Double(offsetHours * 3600 + offsetMinutes * 60))
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's algorithm).
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
