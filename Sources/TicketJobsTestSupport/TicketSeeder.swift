import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// Puts tickets straight into a store, for tests that are not about importing.
public enum TicketSeeder {
    public static func seed(_ store: TicketStore, _ tickets: [Ticket], source: LabelSource = .imported) throws {
        try store.insertTickets(tickets, labelSource: source)
    }

    /// An instant from an ISO 8601 string, for readable tests.
    public static func date(_ text: String) -> Date {
        TimestampParser().parse(text)!
    }
}
