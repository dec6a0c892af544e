/// A validated row, ready to be stored, with the hash that makes re-imports idempotent.
public struct NormalizedRow: Sendable, Equatable {
    public var ticket: Ticket

    public init(ticket: Ticket) {
        self.ticket = ticket
    }

    /// A hash of the imported values in a store's scheme: equal hashes mean the export has not changed this
    /// ticket. Computed when asked, on the import's storing thread.
    public func contentHash(_ scheme: ContentHashScheme) -> Int64 { scheme.hash(ticket) }
}
