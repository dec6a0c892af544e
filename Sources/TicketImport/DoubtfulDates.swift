import Foundation
import TicketModel

/// Tickets a file gives dates no help desk wrote: created before 1990 or more than a year after the import, or
/// resolved before they were created. Imported as they are (the report counts a ticket resolved before its
/// creation as never in the backlog), and said once per file: a spreadsheet's empty date read as 1899-12-30 or
/// year 1 puts a ticket 126 years old at the top of the weekly report's oldest open tickets.
public struct DoubtfulDates: Codable, Sendable, Equatable {
    /// How many tickets of the file.
    public var count = 0
    /// The first of them: its line and what is doubtful about it.
    public var firstLine = 0
    public var first = ""

    public init() {}

    /// 1990-01-01T00:00:00Z: help desks keep no older tickets; spreadsheets' empty dates fall before it.
    public static let earliest: Int64 = 631_152_000
    /// How far after the import a ticket may be created: clocks and time zones, not years.
    public static let latestAfterImport: Int64 = 366 * 86_400

    /// What is doubtful about `ticket` imported at `importedAt`, or nil.
    public static func doubt(_ ticket: Ticket, importedAt: Int64) -> String? {
        let created = Int64(ticket.createdAt.timeIntervalSince1970.rounded(.down))
        if created < earliest { return "created \(UTCTimestamp.format(epochSeconds: created)), before 1990" }
        if created > importedAt + latestAfterImport {
            return "created \(UTCTimestamp.format(epochSeconds: created)), more than a year from now"
        }
        if let resolvedAt = ticket.resolvedAt, resolvedAt < ticket.createdAt {
            let resolved = Int64(resolvedAt.timeIntervalSince1970.rounded(.down))
            return "resolved \(UTCTimestamp.format(epochSeconds: resolved)), before it was created (\(UTCTimestamp.format(epochSeconds: created)))"
        }
        return nil
    }

    /// Counts a ticket found doubtful at `line`.
    mutating func count(_ doubt: String, line: Int) {
        if count == 0 { (firstLine, first) = (line, doubt) }
        count += 1
    }

    enum CodingKeys: String, CodingKey {
        case count
        case firstLine = "first_line"
        case first
    }
}
