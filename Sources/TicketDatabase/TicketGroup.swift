import TicketModel

/// Tickets that share labels, status, label sources and whether they are resolved: one row of a report's
/// grouped counts. Missing labels and sources are "".
public struct TicketGroup: Sendable, Equatable {
    public var category: String
    public var priority: String
    public var status: String
    public var categorySource: String
    public var prioritySource: String
    public var resolved: Bool
    public var tickets: Int
    /// Resolution seconds summed over the group's resolved tickets.
    public var resolutionSeconds: Int64

    init(
        category: String, priority: String, status: String, categorySource: String, prioritySource: String,
        resolved: Bool, tickets: Int, resolutionSeconds: Int64
    ) {
        self.category = category
        self.priority = priority
        self.status = status
        self.categorySource = categorySource
        self.prioritySource = prioritySource
        self.resolved = resolved
        self.tickets = tickets
        self.resolutionSeconds = resolutionSeconds
    }
}
