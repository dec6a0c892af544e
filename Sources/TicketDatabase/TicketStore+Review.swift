import Foundation
import GRDB
import TicketModel

extension TicketStore {
    /// The review queue, least sure first (up to `limit`).
    public func reviewQueue(limit: Int?) throws -> [ReviewItem] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.external_id, t.title, t.description, q.suggested_category, q.suggested_priority, q.confidence
                    FROM review_queue q JOIN tickets t ON t.id = q.ticket_id
                    ORDER BY q.confidence, t.created_at, t.id LIMIT ?
                    """, arguments: [limit ?? -1]
            ).map { row in
                ReviewItem(
                    externalID: row[0], title: row[1], description: row[2], suggestedCategory: row[3],
                    suggestedPriority: row[4], confidence: row[5])
            }
        }
    }

    /// Which of `externalIDs` are tickets still waiting in the review queue.
    public func stillQueuedForReview(_ externalIDs: [String]) throws -> Set<String> {
        try read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT EXISTS (SELECT 1 FROM review_queue JOIN tickets ON tickets.id = review_queue.ticket_id WHERE tickets.external_id = ?)")
            return Set(try externalIDs.filter { try Bool.fetchOne(statement, arguments: [$0])! })
        }
    }

    /// How many tickets wait in the review queue.
    public func reviewQueueCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_queue") ?? 0 }
    }

    /// Applies a person's labels as `manual` (never replaced by classify or a re-import) and takes the tickets
    /// out of the review queue, all in one transaction. Returns the ids no ticket has; then nothing is applied,
    /// so that the file is fixed and imported again whole.
    public func applyReviewedLabels(_ labels: [ReviewedLabel], at time: Date) throws -> [String] {
        try write { db in
            let unknown = try labels.map(\.externalID).filter { id in
                try !Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM tickets WHERE external_id = ?)"),
                    arguments: [id])!
            }
            guard unknown.isEmpty else { return unknown }
            for label in labels {
                try db.cachedStatement(
                    sql: """
                        UPDATE tickets SET
                            category = COALESCE(?1, category),
                            category_source = CASE WHEN ?1 IS NULL THEN category_source ELSE 'manual' END,
                            priority = COALESCE(?2, priority),
                            priority_source = CASE WHEN ?2 IS NULL THEN priority_source ELSE 'manual' END,
                            labeled_at = ?3
                        WHERE external_id = ?4
                        """
                ).execute(arguments: [
                    label.category?.rawValue, label.priority?.rawValue, Int64(time.timeIntervalSince1970), label.externalID,
                ])
                try db.cachedStatement(
                    sql: "DELETE FROM review_queue WHERE ticket_id = (SELECT id FROM tickets WHERE external_id = ?)"
                ).execute(arguments: [label.externalID])
            }
            return []
        }
    }
}
