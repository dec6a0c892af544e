import TicketModel
import TicketDatabase

/// What happened to one imported file. `read` = `inserted` + `updated` + `unchanged` + `rejected`.
public struct ImportFileSummary: Codable, Sendable, Equatable {
    public var file: String
    public var format: ImportFormat
    public var read = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected = 0
    public var rejectsPath: String?
    /// True when the file was skipped as already imported unchanged.
    public var skipped = false
    public var unknownColumns: [String] = []
    /// The encoding read and, for CSV, the delimiter used (sniffed or asked for).
    public var encoding: String?
    public var delimiter: String?

    public init(file: String, format: ImportFormat) {
        self.file = file
        self.format = format
    }

    /// The row counts alone, as the store records them.
    public var counts: ImportCounts {
        ImportCounts(read: read, inserted: inserted, updated: updated, unchanged: unchanged, rejected: rejected)
    }

    enum CodingKeys: String, CodingKey {
        case file, format, read, inserted, updated, unchanged, rejected
        case rejectsPath = "rejects_path"
        case skipped
        case unknownColumns = "unknown_columns"
        case encoding, delimiter
    }
}
