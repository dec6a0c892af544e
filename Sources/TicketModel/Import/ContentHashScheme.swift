/// How a store fingerprints each ticket's imported content (`tickets.content_hash`). A re-import compares
/// its hashes with the stored ones, so a store keeps the scheme it was given: stores that held tickets
/// before v8 keep FNV-1a byte by byte, every other store hashes words.
public enum ContentHashScheme: Int, Sendable {
    /// 64-bit FNV-1a over each field's bytes and a separator (`hash`).
    case fnv1aBytes = 1
    /// `WordHash` over each field's words and length.
    case words = 2

    /// A stable 64-bit hash of the imported values, in a store's `scheme` (Swift's `Hasher` is seeded per
    /// process, so its values cannot be stored).
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

    public func hash(_ ticket: Ticket) -> Int64 {
        let created = UTCTimestamp.epochSeconds(ticket.createdAt)
        let resolved = ticket.resolvedAt.map(UTCTimestamp.epochSeconds)
        switch self {
        case .fnv1aBytes:
            var hash = FNV1a()
            func mix(_ string: String) { hash.combineField(string) }
            mix(ticket.id)
            mix(ticket.title)
            mix(ticket.description)
            mix(ticket.category?.rawValue ?? "\u{0}")
            mix(ticket.priority?.rawValue ?? "\u{0}")
            mix(ticket.status.rawValue)
            mix(String(created))
            mix(resolved.map { String($0) } ?? "\u{0}")
            if ticket.hasExtras { for field in Self.extras(ticket) { mix(field) } }
            return Int64(bitPattern: hash.value)
        case .words:
            var hash = WordHash()
            hash.combine(text: ticket.id)
            hash.combine(text: ticket.title)
            hash.combine(text: ticket.description)
            hash.combine(text: ticket.category?.rawValue)
            hash.combine(text: ticket.priority?.rawValue)
            hash.combine(text: ticket.status.rawValue)
            hash.combine(integer: created)
            hash.combine(integer: resolved)
            if ticket.hasExtras { for field in Self.extras(ticket) { hash.combine(text: field) } }
            return Int64(bitPattern: hash.value)
        }
    }
}
