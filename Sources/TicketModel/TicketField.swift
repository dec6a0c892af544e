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
    case assignee
    case group
    case channel
    case tags
    case firstResponseAt = "first_response_at"
    case satisfaction

    /// The fields whose values are labels from a closed vocabulary.
    public var isLabel: Bool { self == .category || self == .priority || self == .status }

    /// Fields whose values a mapping file may translate (`values:`).
    public var hasMappedValues: Bool { isLabel || self == .satisfaction || self == .channel }

    /// The separator of several tags in one CSV field, as `export` writes them.
    public static let tagSeparator = ","
}
