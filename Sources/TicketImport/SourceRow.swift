import TicketModel
import TicketDatabase

/// A row read from an export: its mapped values, or the problem that makes it unusable, and its raw form
/// so that a rejected row can be written back out for fixing.
public struct SourceRow: Sendable {
    public enum Raw: Sendable, Equatable {
        case csv([String])
        case jsonLine(String)
    }

    public var line: Int
    public var values: FieldValues
    public var problem: RowRejection.Reason?
    public var raw: Raw
}
