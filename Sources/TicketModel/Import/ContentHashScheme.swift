/// How a store fingerprints each ticket's imported content (`tickets.content_hash`). A re-import compares
/// its hashes with the stored ones, so a store keeps the scheme it was given: stores that held tickets
/// before v8 keep FNV-1a byte by byte, every other store hashes words.
public enum ContentHashScheme: Int, Sendable {
    /// 64-bit FNV-1a over each field's bytes and a separator (`hash`).
    case fnv1aBytes = 1
    /// `WordHash` over each field's words and length.
    case words = 2

    /// A stable 64-bit hash of the imported values, in a store's scheme (Swift's `Hasher` is seeded per
    /// process, so its values cannot be stored).
    public func hash(_ ticket: Ticket) -> Int64 {
        let extras = ticket.hasExtras ? Self.extras(ticket) : nil
        switch self {
        case .fnv1aBytes:
            var hash = Self.fnv1aText(ticket)
            Self.fnv1aRest(&hash, ticket, ticket.category, ticket.priority, extras)
            return Int64(bitPattern: hash.value)
        case .words:
            var hash = Self.wordsText(ticket)
            Self.wordsRest(&hash, ticket, ticket.category, ticket.priority, extras)
            return Int64(bitPattern: hash.value)
        }
    }

    /// The ticket's hash and its hashes without the labels it has (`LabelFreeHashes`): its text, most of the
    /// work, hashed once.
    public func hashes(_ ticket: Ticket) -> (hash: Int64, labelFree: LabelFreeHashes) {
        let extras = ticket.hasExtras ? Self.extras(ticket) : nil
        switch self {
        case .fnv1aBytes:
            let text = Self.fnv1aText(ticket)
            func finish(_ category: Category?, _ priority: Priority?) -> Int64 {
                var hash = text
                Self.fnv1aRest(&hash, ticket, category, priority, extras)
                return Int64(bitPattern: hash.value)
            }
            let hash = finish(ticket.category, ticket.priority)
            return (hash, LabelFreeHashes(ticket, hash: hash, finish: finish))
        case .words:
            let text = Self.wordsText(ticket)
            func finish(_ category: Category?, _ priority: Priority?) -> Int64 {
                var hash = text
                Self.wordsRest(&hash, ticket, category, priority, extras)
                return Int64(bitPattern: hash.value)
            }
            let hash = finish(ticket.category, ticket.priority)
            return (hash, LabelFreeHashes(ticket, hash: hash, finish: finish))
        }
    }

    /// The export's own columns as text, mixed in only when a ticket has any: a ticket without them hashes as
    /// it did before they existed, so a store's earlier imports stay unchanged on re-import.
    static func extras(_ ticket: Ticket) -> [String] {
        [
            ticket.assignee ?? "\u{0}", ticket.group ?? "\u{0}", ticket.channel ?? "\u{0}",
            ticket.tags.joined(separator: "\u{1F}"),
            ticket.firstResponseAt.map { String(UTCTimestamp.epochSeconds($0)) } ?? "\u{0}",
            ticket.satisfaction ?? "\u{0}", ticket.attributes ?? "\u{0}",
        ]
    }

    // Each scheme in two parts, the text and what follows it from the labels on, so that the label-free
    // hashes share the text's.

    private static func fnv1aText(_ ticket: Ticket) -> FNV1a {
        var hash = FNV1a()
        hash.combineField(ticket.id)
        hash.combineField(ticket.title)
        hash.combineField(ticket.description)
        return hash
    }

    @inline(__always)
    private static func fnv1aRest(
        _ hash: inout FNV1a, _ ticket: Ticket, _ category: Category?, _ priority: Priority?, _ extras: [String]?
    ) {
        hash.combineField(category?.rawValue ?? "\u{0}")
        hash.combineField(priority?.rawValue ?? "\u{0}")
        hash.combineField(ticket.status.rawValue)
        hash.combineField(String(UTCTimestamp.epochSeconds(ticket.createdAt)))
        hash.combineField(ticket.resolvedAt.map { String(UTCTimestamp.epochSeconds($0)) } ?? "\u{0}")
        for field in extras ?? [] { hash.combineField(field) }
    }

    private static func wordsText(_ ticket: Ticket) -> WordHash {
        var hash = WordHash()
        hash.combine(text: ticket.id)
        hash.combine(text: ticket.title)
        hash.combine(text: ticket.description)
        return hash
    }

    @inline(__always)
    private static func wordsRest(
        _ hash: inout WordHash, _ ticket: Ticket, _ category: Category?, _ priority: Priority?, _ extras: [String]?
    ) {
        hash.combine(text: category?.rawValue)
        hash.combine(text: priority?.rawValue)
        hash.combine(text: ticket.status.rawValue)
        hash.combine(integer: UTCTimestamp.epochSeconds(ticket.createdAt))
        hash.combine(integer: ticket.resolvedAt.map(UTCTimestamp.epochSeconds))
        for field in extras ?? [] { hash.combine(text: field) }
    }
}
