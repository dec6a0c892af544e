import Foundation
import GRDB
import TicketModel

extension TicketStore {
    /// Calls `body` with every ticket created in `[since, until)` (epoch seconds; either bound optional), in order
    /// of creation and id, streaming from one read.
    public func forEachTicket(
        createdSince since: Int64?, until: Int64?, _ body: (TicketRecord) throws -> Void
    ) throws {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since {
            conditions.append("created_at >= ?")
            _ = arguments.append(contentsOf: [since])
        }
        if let until {
            conditions.append("created_at < ?")
            _ = arguments.append(contentsOf: [until])
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        try writer.read { db in
            let cursor = try TicketRecord.fetchCursor(
                db, sql: "SELECT * FROM tickets \(whereClause) ORDER BY created_at, external_id", arguments: arguments)
            while let record = try cursor.next() { try body(record) }
        }
    }

    /// Every ticket in the order of the file it was imported from (a labeled training or evaluation file).
    public func ticketsInSourceOrder() throws -> [Ticket] {
        try writer.read { db in
            try TicketRecord.fetchAll(db, sql: "SELECT * FROM tickets ORDER BY source_line").map(\.ticket)
        }
    }

    /// Puts tickets straight into the store, their labels from `labelSource`, bypassing the importer's
    /// bookkeeping (content hash 0: a later import of the same id updates them). For fixtures and tests.
    public func insertTickets(_ tickets: [Ticket], labelSource source: LabelSource) throws {
        try writer.write { db in
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
}
