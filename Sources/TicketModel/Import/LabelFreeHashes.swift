/// A row's content hash with the labels it carries taken out, one or both: a stored ticket whose hash is one of
/// these was last imported without those labels, and has since been given the same ones (by a classifier or a
/// person), so a file that now carries them changes nothing (a store's own export, read back).
///
/// A variant the row has no label for holds the row's own hash, which the upsert compares first anyway.
public struct LabelFreeHashes: Sendable, Equatable {
    /// Without the category.
    public var withoutCategory: Int64
    /// Without the priority.
    public var withoutPriority: Int64
    /// Without either.
    public var withoutEither: Int64

    /// `finish` completes the row's hash with the labels it is given; `hash` is the row's own.
    init(_ ticket: Ticket, hash: Int64, finish: (Category?, Priority?) -> Int64) {
        withoutCategory = ticket.category == nil ? hash : finish(nil, ticket.priority)
        withoutPriority = ticket.priority == nil ? hash : finish(ticket.category, nil)
        withoutEither = ticket.category == nil || ticket.priority == nil ? hash : finish(nil, nil)
    }
}
