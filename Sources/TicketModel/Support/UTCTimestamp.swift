import Foundation

/// Formats instants as ISO 8601 in UTC (`2026-11-25T09:30:00Z`), the form every output of this tool uses.
public enum UTCTimestamp {
    /// How the store keeps an instant: whole seconds since 1970, rounded down.
    package static func epochSeconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    public static func format(epochSeconds: Int64) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondsOfDay = Int(epochSeconds - days * 86_400)
        let (year, month, day) = civil(fromDays: Int(days))
        return date(year: year, month: month, day: day) + "T" + pad(secondsOfDay / 3600) + ":"
            + pad(secondsOfDay / 60 % 60) + ":" + pad(secondsOfDay % 60) + "Z"
    }

    /// `YYYY-MM-DD`.
    public static func date(year: Int, month: Int, day: Int) -> String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + pad(month) + "-" + pad(day)
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's algorithm).
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
}
