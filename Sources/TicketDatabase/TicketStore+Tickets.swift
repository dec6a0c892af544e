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
        try read { db in
            let cursor = try TicketRecord.fetchCursor(
                db, sql: "SELECT * FROM tickets \(whereClause) ORDER BY created_at, external_id", arguments: arguments)
            while let record = try cursor.next() { try body(record) }
        }
    }

    /// How many tickets were created in `[since, until)` (either bound optional): what `forEachTicket` will read.
    public func ticketCount(createdSince since: Int64?, until: Int64?) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM tickets WHERE created_at >= ? AND created_at < ?",
                arguments: [since ?? Int64.min, until ?? Int64.max]) ?? 0
        }
    }

    /// The names of the export's other columns the tickets created in `[since, until)` keep (their attributes),
    /// sorted: the columns an export adds after ours; each with whether any ticket holds more than text in it
    /// (a list, an object, a number or a boolean).
    public func attributeNames(createdSince since: Int64?, until: Int64?) throws -> [(name: String, holdsJSON: Bool)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.key, MAX(a.type NOT IN ('text', 'null')) FROM tickets, json_each(tickets.attributes) AS a
                    WHERE tickets.attributes IS NOT NULL AND created_at >= ?1 AND created_at < ?2 GROUP BY 1 ORDER BY 1
                    """, arguments: [since ?? Int64.min, until ?? Int64.max]
            ).map { (name: $0[0], holdsJSON: $0[1]) }
        }
    }

    /// Every ticket in the order of the file it was imported from (a labeled training or evaluation file).
    public func ticketsInSourceOrder() throws -> [Ticket] {
        try read { db in
            try TicketRecord.fetchAll(db, sql: "SELECT * FROM tickets ORDER BY source_line").map(\.ticket)
        }
    }

    /// Puts tickets straight into the store, their labels from `labelSource`, bypassing the importer's
    /// bookkeeping (content hash 0: a later import of the same id updates them). For fixtures and tests.
    public func insertTickets(_ tickets: [Ticket], labelSource source: LabelSource) throws {
        try write { db in
            for ticket in tickets {
                try db.execute(
                    sql: """
                        INSERT INTO tickets (external_id, title, description, category, category_source, priority,
                            priority_source, status, created_at, resolved_at, imported_at, content_hash, assignee,
                            group_name, channel, tags, first_response_at, satisfaction, attributes)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        ticket.id, ticket.title, ticket.description, ticket.category?.rawValue,
                        ticket.category == nil ? nil : source.rawValue, ticket.priority?.rawValue,
                        ticket.priority == nil ? nil : source.rawValue, ticket.status.rawValue,
                        Int64(ticket.createdAt.timeIntervalSince1970),
                        ticket.resolvedAt.map { Int64($0.timeIntervalSince1970) }, ticket.assignee, ticket.group,
                        ticket.channel, ticket.tags.isEmpty ? nil : TicketRecord.encodeTags(ticket.tags),
                        ticket.firstResponseAt.map { Int64($0.timeIntervalSince1970) }, ticket.satisfaction,
                        ticket.attributes,
                    ])
            }
        }
    }
}
