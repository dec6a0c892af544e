/// A row's content hash with the labels it carries taken out, one or both: a stored ticket whose hash is one of
/// these was last imported without those labels, and has since been given the same ones (by a classifier or a
/// person), so a file that now carries them changes nothing (a store's own export, read back).
public struct LabelFreeHashes: Sendable, Equatable {
    /// Without the category; nil when the row has none.
    public var withoutCategory: Int64?
    /// Without the priority; nil when the row has none.
    public var withoutPriority: Int64?
    /// Without either; nil unless the row has both.
    public var withoutEither: Int64?

    /// `hash` finishes the row's hash with the labels it is given.
    init(_ ticket: Ticket, hash: (Category?, Priority?) -> Int64) {
        withoutCategory = ticket.category.map { _ in hash(nil, ticket.priority) }
        withoutPriority = ticket.priority.map { _ in hash(ticket.category, nil) }
        withoutEither = ticket.category != nil && ticket.priority != nil ? hash(nil, nil) : nil
    }
}
