import TicketModel

/// Rows of a file rejected for a date in no format the import reads (ISO 8601, `YYYY-MM-DD HH:MM:SS`,
/// `YYYY-MM-DD`, Unix seconds, and a mapping's `date_formats:`) that has digits, as a date written some other way
/// has (a word, 'n/a', is a bad value of its row). Said once per file, with the first: a legacy export writes
/// every date one way, so every row of it is rejected, and the fix is the mapping's, not the rows'.
public struct UnreadDates: Codable, Sendable, Equatable {
    /// How many rows of the file.
    public var count = 0
    /// The first: its line, the field and the value (to 80 characters, as the rejection quotes it).
    public var firstLine = 0
    public var field = ""
    public var first = ""

    public init() {}

    /// Counts a row rejected at `line` for `value` in `field`.
    mutating func count(field: TicketField, value: String, line: Int) {
        if count == 0 { (firstLine, self.field, first) = (line, field.rawValue, String(value.prefix(80))) }
        count += 1
    }

    enum CodingKeys: String, CodingKey {
        case count
        case firstLine = "first_line"
        case field, first
    }
}
