/// The fields of a ticket in our own export format, in column order.
public enum TicketField: String, CaseIterable, Codable, Sendable {
    case id
    case title
    case description
    case category
    case priority
    case status
    case createdAt = "created_at"
    case resolvedAt = "resolved_at"

    /// The fields whose values are labels from a closed vocabulary.
    public var isLabel: Bool { self == .category || self == .priority || self == .status }
}
