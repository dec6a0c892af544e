/// A validated row, ready to be stored, with the hash that makes re-imports idempotent.
public struct NormalizedRow: Sendable, Equatable {
    public var ticket: Ticket
    /// The content hash, when a store's `RowPreparer` computed it ahead of storing (in that store's scheme).
    public var preparedHash: Int64?

    public init(ticket: Ticket) {
        self.ticket = ticket
    }

    /// A hash of the imported values in a store's scheme: equal hashes mean the export has not changed this
    /// ticket. Computed when asked, or ahead of storing (`preparedHash`).
    public func contentHash(_ scheme: ContentHashScheme) -> Int64 { scheme.hash(ticket) }
}
