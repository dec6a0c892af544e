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

    public func hash(_ ticket: Ticket) -> Int64 { hashes(ticket, labelFree: false).hash }

    /// The ticket's hash and, with `labelFree`, its hashes without the labels it has (`LabelFreeHashes`): its
    /// text, most of the work, hashed once.
    public func hashes(_ ticket: Ticket, labelFree: Bool) -> (hash: Int64, labelFree: LabelFreeHashes?) {
        let created = UTCTimestamp.epochSeconds(ticket.createdAt)
        let resolved = ticket.resolvedAt.map(UTCTimestamp.epochSeconds)
        let extras = ticket.hasExtras ? Self.extras(ticket) : []
        switch self {
        case .fnv1aBytes:
            var text = FNV1a()
            text.combineField(ticket.id)
            text.combineField(ticket.title)
            text.combineField(ticket.description)
            // A local function, not a closure value: nothing allocated per row.
            func finish(_ category: Category?, _ priority: Priority?) -> Int64 {
                var hash = text
                func mix(_ string: String) { hash.combineField(string) }
                mix(category?.rawValue ?? "\u{0}")
                mix(priority?.rawValue ?? "\u{0}")
                mix(ticket.status.rawValue)
                mix(String(created))
                mix(resolved.map { String($0) } ?? "\u{0}")
                for field in extras { mix(field) }
                return Int64(bitPattern: hash.value)
            }
            return (finish(ticket.category, ticket.priority), labelFree ? LabelFreeHashes(ticket, hash: finish) : nil)
        case .words:
            var text = WordHash()
            text.combine(text: ticket.id)
            text.combine(text: ticket.title)
            text.combine(text: ticket.description)
            func finish(_ category: Category?, _ priority: Priority?) -> Int64 {
                var hash = text
                hash.combine(text: category?.rawValue)
                hash.combine(text: priority?.rawValue)
                hash.combine(text: ticket.status.rawValue)
                hash.combine(integer: created)
                hash.combine(integer: resolved)
                for field in extras { hash.combine(text: field) }
                return Int64(bitPattern: hash.value)
            }
            return (finish(ticket.category, ticket.priority), labelFree ? LabelFreeHashes(ticket, hash: finish) : nil)
        }
    }
}
