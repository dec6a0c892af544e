import GRDB

/// Tickets that share labels, status, label sources and whether they are resolved: one row of a report's
/// grouped counts. Missing labels and sources are "".
struct TicketGroup: Equatable {
    var category: String
    var priority: String
    var status: String
    var categorySource: String
    var prioritySource: String
    var resolved: Bool
    var tickets: Int
    /// Resolution seconds summed over the group's resolved tickets.
    var resolutionSeconds: Int64

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
