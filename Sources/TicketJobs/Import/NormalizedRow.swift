/// A validated row, ready to be stored, with the hash that makes re-imports idempotent.
public struct NormalizedRow: Sendable, Equatable {
    public var ticket: Ticket

    /// FNV-1a over the imported values: equal hashes mean the export has not changed this ticket. Computed
    /// when asked, on the import's storing thread: its reading thread is the busier one.
    public var contentHash: Int64 { RowNormalizer.hash(ticket) }
}
