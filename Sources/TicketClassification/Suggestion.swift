import TicketModel

/// `suggest`'s answer for one ticket typed by an agent: labels of the database's taxonomy, and who gave them.
public struct Suggestion: Sendable, Equatable, Codable {
    public var category: String
    public var priority: String
    /// 0…1; nil when Claude gave none.
    public var confidence: Double?
    public var provider: String
    public var model: String
}
