import Foundation
import GRDB
import TicketJobs

/// Puts tickets straight into a store, for tests that are not about importing.
public enum TicketSeeder {
    public static func seed(_ store: TicketStore, _ tickets: [Ticket], source: LabelSource = .imported) throws {
        try store.writer.write { db in
            for ticket in tickets {
                try db.execute(
                    sql: """
                        INSERT INTO tickets (external_id, title, description, category, category_source, priority,
                            priority_source, status, created_at, resolved_at, imported_at, content_hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)
                        """,
                    arguments: [
                        ticket.id, ticket.title, ticket.description, ticket.category?.rawValue,
                        ticket.category == nil ? nil : source.rawValue, ticket.priority?.rawValue,
                        ticket.priority == nil ? nil : source.rawValue, ticket.status.rawValue,
                        Int64(ticket.createdAt.timeIntervalSince1970),
                        ticket.resolvedAt.map { Int64($0.timeIntervalSince1970) },
                    ])
            }
        }
    }

    /// An instant from an ISO 8601 string, for readable tests.
    public static func date(_ text: String) -> Date {
        TimestampParser().parse(text)!
    }
}
