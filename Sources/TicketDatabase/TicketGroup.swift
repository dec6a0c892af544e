import GRDB
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

    init(row: Row) {
        category = row[0]
        priority = row[1]
        status = row[2]
        categorySource = row[3]
        prioritySource = row[4]
        resolved = row[5]
        tickets = row[6]
        resolutionSeconds = row[7]
    }
}
