import Foundation
import GRDB
import TicketModel

extension TicketStore {
    /// Where a page of candidates ends: the last ticket's creation time and id (keyset pagination).
    public struct CandidateCursor: Sendable, Equatable {
        var createdAt: Int64
        var id: Int64
    }

    /// With `includeManual` (and `relabel`), labels a person set are candidates too.
    private func candidateConditions(
        since: Date?, until: Date?, relabel: Bool, includeManual: Bool = false
    ) -> (String, StatementArguments) {
        let replaceable = includeManual ? "('llm','local','manual')" : "('llm','local')"
        var conditions = [
            relabel
                ? "(category IS NULL OR priority IS NULL OR category_source IN \(replaceable) OR priority_source IN \(replaceable))"
                : ReportRollups.unlabeledCondition,
            // A ticket waiting in a Message Batch is paid for already: never send it again meanwhile.
            "NOT EXISTS (SELECT 1 FROM message_batch_requests r WHERE r.ticket_id = tickets.id AND r.state = 'pending')",
            // A ticket waiting for a person was answered already: not asked again until it is reviewed.
            "NOT EXISTS (SELECT 1 FROM review_queue q WHERE q.ticket_id = tickets.id)",
        ]
        var arguments: StatementArguments = []
        if let since {
            conditions.append("created_at >= ?")
            _ = arguments.append(contentsOf: [Int64(since.timeIntervalSince1970)])
        }
        if let until {
            conditions.append("created_at < ?")
            _ = arguments.append(contentsOf: [Int64(until.timeIntervalSince1970)])
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    /// How many tickets lack a label (or, with `relabel`, carry a classifier's).
    public func countClassificationCandidates(
        since: Date?, until: Date?, relabel: Bool, includeManual: Bool = false
    ) throws -> Int {
        let (conditions, arguments) = candidateConditions(
            since: since, until: until, relabel: relabel, includeManual: includeManual)
        return try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE \(conditions)", arguments: arguments) ?? 0 }
    }

    /// One page of candidates after `cursor`, oldest first: a run holds one page in memory, not the backlog.
    public func classificationCandidates(
        since: Date?, until: Date?, relabel: Bool, includeManual: Bool = false, after cursor: CandidateCursor?, limit: Int
    ) throws -> (requests: [ClassificationRequest], next: CandidateCursor?) {
        let (sql, arguments) = candidatePageQuery(
            since: since, until: until, relabel: relabel, includeManual: includeManual, after: cursor, limit: limit)
        let rows = try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
        let requests = rows.map {
            ClassificationRequest(ticketID: $0["id"], externalID: $0["external_id"], title: $0["title"], description: $0["description"])
        }
        return (requests, rows.last.map { CandidateCursor(createdAt: $0["created_at"], id: $0["id"]) })
    }

    /// The query for one page of candidates; without `relabel` it walks the partial index `tickets_unlabeled`.
    func candidatePageQuery(
        since: Date?, until: Date?, relabel: Bool, includeManual: Bool = false, after cursor: CandidateCursor?, limit: Int
    ) -> (String, StatementArguments) {
        var (conditions, arguments) = candidateConditions(
            since: since, until: until, relabel: relabel, includeManual: includeManual)
        if let cursor {
            conditions += " AND (created_at, id) > (?, ?)"
            _ = arguments.append(contentsOf: [cursor.createdAt, cursor.id])
        }
        _ = arguments.append(contentsOf: [max(0, limit)])
        let sql = "SELECT id, external_id, title, description, created_at FROM tickets WHERE \(conditions) ORDER BY created_at, id LIMIT ?"
        return (sql, arguments)
    }

    /// Every candidate (up to `limit`), for estimates and tests.
    public func classificationCandidates(
        since: Date?, until: Date?, relabel: Bool, includeManual: Bool = false, limit: Int?
    ) throws -> [ClassificationRequest] {
        try classificationCandidates(
            since: since, until: until, relabel: relabel, includeManual: includeManual, after: nil,
            limit: limit ?? Int(Int32.max)
        ).requests
    }

    /// The labeled tickets a local model learns from, streamed to `body` until it returns false: those a
    /// person labeled first, then the export's, newest first within each. Labels from the export or a person
    /// only, never a classifier's own (which would teach it its mistakes).
    public func forEachTrainingTicket(limit: Int = 50_000, _ body: (Ticket) throws -> Bool) throws {
        try read { db in
            var left = limit
            for condition in [
                "(category_source = 'manual' OR priority_source = 'manual')",
                """
                (category_source = 'imported' OR priority_source = 'imported')
                    AND category_source IS NOT 'manual' AND priority_source IS NOT 'manual'
                """,
            ] {
                let records = try TicketRecord.fetchCursor(
                    db, sql: "SELECT * FROM tickets WHERE \(condition) ORDER BY created_at DESC LIMIT ?", arguments: [left])
                while let record = try records.next() {
                    var ticket = record.ticket
                    if ![LabelSource.imported, .manual].contains(record.categorySource) { ticket.category = nil }
                    if ![LabelSource.imported, .manual].contains(record.prioritySource) { ticket.priority = nil }
                    left -= 1
                    guard try body(ticket) else { return }
                }
            }
        }
    }

    /// Every training ticket (up to `limit`), for evaluation and tests.
    public func trainingTickets(limit: Int = 50_000) throws -> [Ticket] {
        var tickets: [Ticket] = []
        try forEachTrainingTicket(limit: limit) { tickets.append($0); return true }
        return tickets
    }

    /// The most recent stored model of `kind` (its encoded parameters), with the time of the last import
    /// (to tell if it is stale).
    public func latestClassifierModel(kind: String) throws -> (parameters: Data, lastImport: Date?)? {
        try read { db in
            guard let data = try Self.latestParameters(db, kind: kind) else { return nil }
            let lastImport = try Int64.fetchOne(db, sql: "SELECT MAX(imported_at) FROM tickets")
            return (data, lastImport.map { Date(timeIntervalSince1970: TimeInterval($0)) })
        }
    }

    /// The latest stored model of `kind`, without asking when tickets were last imported (a scan of the
    /// table): for `suggest`, which answers with whatever model there is.
    public func latestClassifierModelParameters(kind: String) throws -> Data? {
        try read { db in try Self.latestParameters(db, kind: kind) }
    }

    private static func latestParameters(_ db: Database, kind: String) throws -> Data? {
        try Data.fetchOne(
            db, sql: "SELECT parameters FROM classifier_models WHERE kind = ? ORDER BY id DESC LIMIT 1", arguments: [kind])
    }

    /// Stores a trained model's encoded parameters, keeping the latest few of its kind.
    public func saveClassifierModel(kind: String, trainedAt: Date, trainingSize: Int, parameters: Data) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO classifier_models (kind, trained_at, training_size, parameters) VALUES (?, ?, ?, ?)",
                arguments: [kind, Int64(trainedAt.timeIntervalSince1970), trainingSize, parameters])
            // Older models only take space.
            try db.execute(
                sql: "DELETE FROM classifier_models WHERE kind = ? AND id NOT IN (SELECT id FROM classifier_models WHERE kind = ? ORDER BY id DESC LIMIT 3)",
                arguments: [kind, kind])
        }
    }
}
