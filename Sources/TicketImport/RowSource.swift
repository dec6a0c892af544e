import TicketModel
import TicketDatabase

/// A stream of rows from one export file.
public protocol RowSource: AnyObject {
    /// The next row, or nil at the end of the file.
    func next() throws -> SourceRow?
    /// Bytes consumed so far, for progress.
    var bytesRead: Int { get }
    /// The source's column names that no field maps, known after the header (CSV) or the file (JSONL).
    var unknownColumns: [String] { get }
    /// The header, for a rejects file in the same format; nil for JSONL.
    var header: [String]? { get }
}
