/// A validated row, ready to be stored, with the hash that makes re-imports idempotent.
public struct NormalizedRow: Sendable, Equatable {
    public var ticket: Ticket
    /// FNV-1a over the imported values: equal hashes mean the export has not changed this ticket.
    public var contentHash: Int64
}
