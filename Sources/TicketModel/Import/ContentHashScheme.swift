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
        switch self {
        case .fnv1aBytes: Self.hash(ticket, start: FNV1a())
        case .words: Self.hash(ticket, start: WordHash())
        }
    }

    /// The ticket's hash and its hashes without the labels it has (`LabelFreeHashes`): its text, most of the
    /// work, hashed once.
    public func hashes(_ ticket: Ticket) -> (hash: Int64, labelFree: LabelFreeHashes) {
        switch self {
        case .fnv1aBytes: Self.hashes(ticket, start: FNV1a())
        case .words: Self.hashes(ticket, start: WordHash())
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

    // The fields in two parts, the text and what follows it from the labels on, so that the label-free hashes
    // share the text's.

    @inline(__always)
    private static func hash<Mixer: ContentHasher>(_ ticket: Ticket, start: Mixer) -> Int64 {
        var hash = text(ticket, start: start)
        rest(&hash, ticket, ticket.category, ticket.priority, ticket.hasExtras ? extras(ticket) : nil)
        return Int64(bitPattern: hash.value)
    }

    @inline(__always)
    private static func hashes<Mixer: ContentHasher>(
        _ ticket: Ticket, start: Mixer
    ) -> (hash: Int64, labelFree: LabelFreeHashes) {
        let text = text(ticket, start: start)
        let extras = ticket.hasExtras ? extras(ticket) : nil
        func finish(_ category: Category?, _ priority: Priority?) -> Int64 {
            var hash = text
            rest(&hash, ticket, category, priority, extras)
            return Int64(bitPattern: hash.value)
        }
        let hash = finish(ticket.category, ticket.priority)
        return (hash, LabelFreeHashes(ticket, hash: hash, finish: finish))
    }

    @inline(__always)
    private static func text<Mixer: ContentHasher>(_ ticket: Ticket, start: Mixer) -> Mixer {
        var hash = start
        hash.mix(ticket.id)
        hash.mix(ticket.title)
        hash.mix(ticket.description)
        return hash
    }

    @inline(__always)
    private static func rest<Mixer: ContentHasher>(
        _ hash: inout Mixer, _ ticket: Ticket, _ category: Category?, _ priority: Priority?, _ extras: [String]?
    ) {
        hash.mix(category?.rawValue)
        hash.mix(priority?.rawValue)
        hash.mix(ticket.status.rawValue)
        hash.mix(UTCTimestamp.epochSeconds(ticket.createdAt))
        hash.mix(ticket.resolvedAt.map(UTCTimestamp.epochSeconds))
        for field in extras ?? [] { hash.mix(field) }
    }
}
