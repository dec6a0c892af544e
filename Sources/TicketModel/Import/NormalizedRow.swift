/// A validated row, ready to be stored, with the hash that makes re-imports idempotent.
public struct NormalizedRow: Sendable, Equatable {
    public var ticket: Ticket
    /// The content hash, when a store's `RowPreparer` computed it ahead of storing (in that store's scheme).
    public var preparedHash: Int64?
    /// The ticket's attributes as the other import format orders their keys, where that differs (see
    /// `FieldValues.equivalentAttributes`): a stored ticket holding those is unchanged too.
    public var equivalentAttributes: String?
    /// The content hash with `equivalentAttributes`, when the `RowPreparer` computed it.
    public var preparedEquivalentHash: Int64?
    /// The hashes with `equivalentAttributes` and without the row's labels, when the `RowPreparer` computed
    /// them: a JSON import's ticket, labeled since, read back from a CSV export is unchanged too.
    public var preparedEquivalentLabelFreeHashes: LabelFreeHashes?
    /// The content hash without the labels the row carries, when the `RowPreparer` computed it (a load into a
    /// store that holds tickets already).
    public var preparedLabelFreeHashes: LabelFreeHashes?
    /// Where the row says its category and priority came from (our export's `label_source`); nil: the file's own,
    /// `imported`.
    public var categorySource: LabelSource?
    public var prioritySource: LabelSource?

    public init(ticket: Ticket) {
        self.ticket = ticket
    }

    /// A hash of the imported values in a store's scheme: equal hashes mean the export has not changed this
    /// ticket. Computed when asked, or ahead of storing (`preparedHash`).
    public func contentHash(_ scheme: ContentHashScheme) -> Int64 { scheme.hash(ticket) }

    /// The content hash and the hashes without the labels the row carries.
    public func contentHashes(_ scheme: ContentHashScheme) -> (hash: Int64, labelFree: LabelFreeHashes) {
        scheme.hashes(ticket)
    }

    /// The content hash with `equivalentAttributes`, if the row has them.
    public func equivalentHash(_ scheme: ContentHashScheme) -> Int64? {
        equivalentTicket.map(scheme.hash)
    }

    /// The content hash with `equivalentAttributes` and the hashes without the row's labels, if it has them.
    public func equivalentHashes(_ scheme: ContentHashScheme) -> (hash: Int64, labelFree: LabelFreeHashes)? {
        equivalentTicket.map(scheme.hashes)
    }

    private var equivalentTicket: Ticket? {
        guard let equivalentAttributes else { return nil }
        var ticket = ticket
        ticket.attributes = equivalentAttributes
        return ticket
    }
}
