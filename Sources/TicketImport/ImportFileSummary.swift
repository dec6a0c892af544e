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
    /// Per label kind, the labels rows were rejected for because the database's taxonomy lacks them, and how many
    /// rows each: a file from another store, or with another taxonomy, says so once instead of row by row.
    /// At most `unknownLabelLimit` labels a kind are counted (the rejects file has every row); nil when none.
    public var unknownLabels: [String: [String: Int]]?
    /// Tickets stored with dates no help desk wrote (see `DoubtfulDates`); nil when none.
    public var doubtfulDates: DoubtfulDates?
    /// Rows rejected for dates in no format read (see `UnreadDates`); nil when none.
    public var unreadDates: UnreadDates?

    public static let unknownLabelLimit = 100
    static let unknownLabelLength = 80

    public init(file: String, format: ImportFormat) {
        self.file = file
        self.format = format
    }

    /// The row counts alone, as the store records them.
    public var counts: ImportCounts {
        ImportCounts(read: read, inserted: inserted, updated: updated, unchanged: unchanged, rejected: rejected)
    }

    /// Counts a row rejected for `label`, which the taxonomy's `kind` lacks. A label is kept to its first
    /// `unknownLabelLength` characters, as a rejection's reason quotes it: a cell may hold megabytes.
    mutating func countUnknownLabel(kind: String, label: String) {
        let label = label.shortened(to: Self.unknownLabelLength)
        if let counted = unknownLabels?[kind], counted[label] == nil, counted.count >= Self.unknownLabelLimit { return }
        // In place: a copy of the counts per row would cost a file of a million foreign rows seconds.
        if unknownLabels == nil { unknownLabels = [:] }
        unknownLabels![kind, default: [:]][label, default: 0] += 1
    }

    enum CodingKeys: String, CodingKey {
        case file, format, read, inserted, updated, unchanged, rejected
        case rejectsPath = "rejects_path"
        case skipped
        case unknownColumns = "unknown_columns"
        case encoding, delimiter
        case unknownLabels = "unknown_labels"
        case doubtfulDates = "doubtful_dates"
        case unreadDates = "unread_dates"
    }
}
