import Foundation
import GRDB

extension TicketStore {
    /// Where a page of candidates ends: the last ticket's creation time and id (keyset pagination).
    public struct CandidateCursor: Sendable, Equatable {
        var createdAt: Int64
        var id: Int64
    }

    private func candidateConditions(since: Date?, until: Date?, relabel: Bool) -> (String, StatementArguments) {
        var conditions = [
            relabel
                ? "(category IS NULL OR priority IS NULL OR category_source IN ('llm','local') OR priority_source IN ('llm','local'))"
                : ReportRollups.unlabeledCondition,
            // A ticket waiting in a Message Batch is paid for already: never send it again meanwhile.
            "NOT EXISTS (SELECT 1 FROM message_batch_requests r WHERE r.ticket_id = tickets.id AND r.state = 'pending')",
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
    public func countClassificationCandidates(since: Date?, until: Date?, relabel: Bool) throws -> Int {
        let (conditions, arguments) = candidateConditions(since: since, until: until, relabel: relabel)
        return try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE \(conditions)", arguments: arguments) ?? 0 }
    }

    /// One page of candidates after `cursor`, oldest first: a run holds one page in memory, not the backlog.
    public func classificationCandidates(
        since: Date?, until: Date?, relabel: Bool, after cursor: CandidateCursor?, limit: Int
    ) throws -> (requests: [ClassificationRequest], next: CandidateCursor?) {
        let (sql, arguments) = candidatePageQuery(since: since, until: until, relabel: relabel, after: cursor, limit: limit)
        let rows = try writer.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
        let requests = rows.map {
            ClassificationRequest(ticketID: $0["id"], externalID: $0["external_id"], title: $0["title"], description: $0["description"])
        }
        return (requests, rows.last.map { CandidateCursor(createdAt: $0["created_at"], id: $0["id"]) })
    }

    /// The query for one page of candidates; without `relabel` it walks the partial index `tickets_unlabeled`.
    func candidatePageQuery(
        since: Date?, until: Date?, relabel: Bool, after cursor: CandidateCursor?, limit: Int
    ) -> (String, StatementArguments) {
        var (conditions, arguments) = candidateConditions(since: since, until: until, relabel: relabel)
        if let cursor {
            conditions += " AND (created_at, id) > (?, ?)"
            _ = arguments.append(contentsOf: [cursor.createdAt, cursor.id])
        }
        _ = arguments.append(contentsOf: [max(0, limit)])
        let sql = "SELECT id, external_id, title, description, created_at FROM tickets WHERE \(conditions) ORDER BY created_at, id LIMIT ?"
        return (sql, arguments)
    }

    /// Every candidate (up to `limit`), for estimates and tests.
    public func classificationCandidates(since: Date?, until: Date?, relabel: Bool, limit: Int?) throws -> [ClassificationRequest] {
        try classificationCandidates(since: since, until: until, relabel: relabel, after: nil, limit: limit ?? Int(Int32.max)).requests
    }

    /// An earlier answer for identical text from the same model and prompt version, if any.
    public func reusableLabel(textHash: Int64, model: String, promptVersion: String, in db: Database) throws -> ClassificationLabel? {
        do {
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT category, priority, confidence FROM classification_calls
                    WHERE text_hash = ? AND model = ? AND prompt_version = ? AND status = 'labeled'
                    ORDER BY id DESC LIMIT 1
                    """, arguments: [textHash, model, promptVersion]),
                let category = Category(rawValue: row["category"] ?? ""), let priority = Priority(rawValue: row["priority"] ?? "")
            else { return nil }
            return ClassificationLabel(category: category, priority: priority, confidence: row["confidence"])
        }
    }

    /// Labels `request` from an earlier answer for identical text by the same model and prompt, paying
    /// nothing, and records that; returns the recorded outcome, or nil when there is no such answer.
    public func reuseEarlierAnswer(
        for request: ClassificationRequest, provider: String, model: String, promptVersion: String, relabel: Bool,
        at time: Date, in db: Database
    ) throws -> ClassificationOutcome? {
        guard let label = try reusableLabel(textHash: request.textHash, model: model, promptVersion: promptVersion, in: db)
        else { return nil }
        let outcome = ClassificationOutcome(request: request, result: .labeled(label), calls: [CallRecord(attempt: 1, costUSD: 0)])
        try record(
            outcome, provider: provider, model: model, promptVersion: promptVersion, reused: true, relabel: relabel,
            at: time, in: db)
        return outcome
    }

    /// Stores one ticket's outcome: every call made, and the labels where it succeeded. Labels from the
    /// export or a person are never replaced; with `relabel`, a classifier's earlier labels are.
    public func record(
        _ outcome: ClassificationOutcome, classifier: TicketClassifier, reused: Bool, relabel: Bool, at time: Date,
        in db: Database
    ) throws {
        try record(
            outcome, provider: classifier.provider, model: classifier.model, promptVersion: classifier.promptVersion,
            reused: reused, relabel: relabel, at: time, in: db)
    }

    /// Stores one ticket's outcome from the named classifier; `batchID` ties calls to a Message Batch.
    public func record(
        _ outcome: ClassificationOutcome, provider: String, model: String, promptVersion: String, reused: Bool,
        relabel: Bool, at time: Date, batchID: Int64? = nil, in db: Database
    ) throws {
        let now = Int64(time.timeIntervalSince1970)
        let request = outcome.request
        let label: ClassificationLabel? = if case .labeled(let label) = outcome.result { label } else { nil }
        for (index, call) in outcome.calls.enumerated() {
            let isFinal = index == outcome.calls.count - 1
            let status = reused ? "reused" : (isFinal && label != nil ? "labeled" : "failed")
            // Cached statements: preparing a write to these tables compiles the report rollups' triggers too,
            // which cost more than the write itself.
            try db.cachedStatement(
                sql: """
                    INSERT INTO classification_calls (ticket_id, provider, model, prompt_version, text_hash, attempt, status,
                        http_status, latency_ms, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens,
                        cost_usd, request_id, category, priority, confidence, error, raw_answer, created_at, batch_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    request.ticketID, provider, model, promptVersion, request.textHash,
                    call.attempt, status, call.httpStatus, call.latencyMilliseconds, call.usage.inputTokens,
                    call.usage.outputTokens, call.usage.cacheCreationInputTokens, call.usage.cacheReadInputTokens,
                    call.costUSD, call.requestID, isFinal ? label?.category.rawValue : nil,
                    isFinal ? label?.priority.rawValue : nil, isFinal ? label?.confidence : nil,
                    isFinal && label == nil ? (call.error ?? { if case .failed(let reason) = outcome.result { reason } else { nil } }()) : call.error,
                    call.rawAnswer, now, batchID,
                ])
        }
        guard let label else { return }
        let source = provider == "anthropic" ? LabelSource.llm.rawValue : LabelSource.local.rawValue
        func replaceable(_ column: String) -> String {
            relabel ? "(\(column) IS NULL OR \(column) IN ('llm','local'))" : "\(column) IS NULL"
        }
        let categoryCondition = replaceable("category_source")
        let priorityCondition = replaceable("priority_source")
        try db.cachedStatement(
            sql: """
                UPDATE tickets SET
                    category = CASE WHEN \(categoryCondition) THEN ?1 ELSE category END,
                    category_source = CASE WHEN \(categoryCondition) THEN ?2 ELSE category_source END,
                    priority = CASE WHEN \(priorityCondition) THEN ?3 ELSE priority END,
                    priority_source = CASE WHEN \(priorityCondition) THEN ?2 ELSE priority_source END,
                    label_model = ?4, label_prompt_version = ?5, label_confidence = ?6, labeled_at = ?7
                WHERE id = ?8
                """
        ).execute(
            arguments: [
                label.category.rawValue, source, label.priority.rawValue, model, promptVersion,
                label.confidence, now, request.ticketID,
            ])
    }

    /// The labeled tickets a local model learns from: labels from the export or a person only, never a
    /// classifier's own (which would teach it its mistakes). The most recent `limit`.
    public func trainingTickets(limit: Int = 50_000) throws -> [Ticket] {
        try writer.read { db in
            try TicketRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM tickets
                    WHERE (category_source IN ('imported','manual') OR priority_source IN ('imported','manual'))
                    ORDER BY created_at DESC LIMIT ?
                    """, arguments: [limit]
            ).map { record in
                var ticket = record.ticket
                if ![LabelSource.imported, .manual].contains(record.categorySource) { ticket.category = nil }
                if ![LabelSource.imported, .manual].contains(record.prioritySource) { ticket.priority = nil }
                return ticket
            }
        }
    }

    /// The most recent stored local model, with the time of the last import (to tell if it is stale).
    public func latestLocalModel() throws -> (model: LocalClassifierModel, lastImport: Date?)? {
        try writer.read { db in
            guard let data = try Data.fetchOne(
                db, sql: "SELECT parameters FROM classifier_models WHERE kind = ? ORDER BY id DESC LIMIT 1",
                arguments: [LocalClassifierModel.kind])
            else { return nil }
            let model = try JSONDecoder().decode(LocalClassifierModel.self, from: data)
            let lastImport = try Int64.fetchOne(db, sql: "SELECT MAX(imported_at) FROM tickets")
            return (model, lastImport.map { Date(timeIntervalSince1970: TimeInterval($0)) })
        }
    }

    public func saveLocalModel(_ model: LocalClassifierModel) throws {
        let data = try JSONEncoder().encode(model)
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO classifier_models (kind, trained_at, training_size, parameters) VALUES (?, ?, ?, ?)",
                arguments: [LocalClassifierModel.kind, Int64(model.trainedAt.timeIntervalSince1970), model.trainingSize, data])
            // Keep the latest few; older models only take space.
            try db.execute(
                sql: "DELETE FROM classifier_models WHERE kind = ? AND id NOT IN (SELECT id FROM classifier_models WHERE kind = ? ORDER BY id DESC LIMIT 3)",
                arguments: [LocalClassifierModel.kind, LocalClassifierModel.kind])
        }
    }
}
