import TicketModel
import TicketDatabase

/// One record of a CSV file as libcsv parsed it, before any mapping.
public struct CSVRecord: Sendable, Equatable {
    /// The physical line (1-based) on which the record starts.
    public var line: Int
    public var fields: [String]
    /// The index of the first field that was not valid UTF-8, if any.
    public var invalidUTF8Field: Int?
    /// The index of the first field longer than the reader's limit (its text is dropped), if any.
    public var oversizedField: Int? = nil
    /// True when the file ended inside this record's open quoted field.
    public var isUnterminated: Bool
}
