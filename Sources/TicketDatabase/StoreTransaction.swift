import Foundation
import GRDB
import TicketModel

/// One write transaction of the store, for work that must commit together (an answer's calls and labels, a
/// chunk of batch results with their request states and tallies). Its methods say what they record; the SQL
/// stays behind them.
public struct StoreTransaction {
    let db: Database

    // MARK: Classification

    /// An earlier answer for identical text from the same model and prompt version, if any.
    public func reusableLabel(textHash: Int64, by classifier: ClassifierIdentity) throws -> ClassificationLabel? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT category, priority, confidence FROM classification_calls
                    WHERE text_hash = ? AND model = ? AND prompt_version = ? AND status = 'labeled'
                    ORDER BY id DESC LIMIT 1
                    """, arguments: [textHash, classifier.model, classifier.promptVersion]),
            let category = Category(rawValue: row["category"] ?? ""),
            let priority = Priority(rawValue: row["priority"] ?? "")
        else { return nil }
        return ClassificationLabel(category: category, priority: priority, confidence: row["confidence"])
    }

    /// Labels `request` from an earlier answer for identical text by the same classifier, paying nothing,
    /// and records that; returns the label and whether it went to the review queue (below `minConfidence`),
    /// or nil when there is no such answer.
    public func reuseEarlierAnswer(
        for request: ClassificationRequest, by classifier: ClassifierIdentity, relabel: Bool, at time: Date,
        minConfidence: Double? = nil, includeManual: Bool = false
    ) throws -> (label: ClassificationLabel, queued: Bool)? {
        guard let label = try reusableLabel(textHash: request.textHash, by: classifier), try isInTaxonomy(label)
        else { return nil }
        let recorded = try record(
            request, result: .labeled(label), calls: [CallRecord(attempt: 1, costUSD: 0)], by: classifier,
            reused: true, relabel: relabel, at: time, minConfidence: minConfidence, includeManual: includeManual)
        return (label, recorded == .queued)
    }

    /// The hash of the ticket's text as stored now (nil when the ticket is gone).
    func currentTextHash(of ticketID: Int64) throws -> Int64? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT external_id, title, description FROM tickets WHERE id = ?"), arguments: [ticketID])
        return row.map { row in
            ClassificationRequest(ticketID: ticketID, externalID: row[0], title: row[1], description: row[2]).textHash
        }
    }

    /// Whether both of an answer's labels are in the database's taxonomy now: a `taxonomy set` that dropped
    /// one while a run was under way leaves answers its classifier was asked for, which cannot be applied.
    func isInTaxonomy(_ label: ClassificationLabel) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT EXISTS (SELECT 1 FROM taxonomy_categories WHERE name = ?)
                        AND EXISTS (SELECT 1 FROM taxonomy_priorities WHERE name = ?)
                    """), arguments: [label.category.rawValue, label.priority.rawValue]) ?? false
    }

    /// Stores one ticket's outcome: every call made, and the labels where it succeeded. Labels from the
    /// export or a person are never replaced; with `relabel`, a classifier's earlier labels are. `batchID`
    /// ties the calls to a Message Batch. An answer whose confidence is below `minConfidence` (or has none)
    /// is not applied: the ticket joins the review queue with it as the suggestion. An answer whose labels the
    /// taxonomy no longer has is recorded as a failure (see `isInTaxonomy`). A failure whose calls got the
    /// model's answers but no usable label joins the queue without a suggestion once its text has had
    /// `unusableAnswersBeforeReview` such answers. Returns which of these it was.
    /// `includeManual` (with `relabel`) lets the answer replace a person's labels too.
    @discardableResult
    public func record(
        _ request: ClassificationRequest, result: ClassificationResult, calls: [CallRecord],
        by classifier: ClassifierIdentity, reused: Bool, relabel: Bool, at time: Date, batchID: Int64? = nil,
        minConfidence: Double? = nil, includeManual: Bool = false
    ) throws -> RecordedAnswer {
        let now = Int64(time.timeIntervalSince1970)
        var label: ClassificationLabel? = if case .labeled(let label) = result { label } else { nil }
        var failure: String? = if case .failed(let reason) = result { reason } else { nil }
        var outside = false
        var changed = false
        if let answer = label, try !isInTaxonomy(answer) {
            failure = RecordedAnswer.outsideTaxonomyReason(answer)
            label = nil
            outside = true
        } else if label != nil, try currentTextHash(of: request.ticketID) != request.textHash {
            failure = RecordedAnswer.textChangedReason
            label = nil
            changed = true
        }
        for (index, call) in calls.enumerated() {
            let isFinal = index == calls.count - 1
            let status: CallStatus = reused ? .reused : (isFinal && label != nil ? .labeled : .failed)
            // Cached statements: preparing a write to these tables compiles the report rollups' triggers too,
            // which cost more than the write itself.
            try db.cachedStatement(
                sql: """
                    INSERT INTO classification_calls (ticket_id, provider, model, prompt_version, text_hash, attempt, status,
                        http_status, latency_ms, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens,
                        cost_usd, request_id, category, priority, confidence, error, raw_answer, created_at, batch_id,
                        unusable_answer)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    request.ticketID, classifier.provider, classifier.model, classifier.promptVersion,
                    request.textHash, call.attempt, status.rawValue, call.httpStatus, call.latencyMilliseconds,
                    call.usage.inputTokens, call.usage.outputTokens, call.usage.cacheCreationInputTokens,
                    call.usage.cacheReadInputTokens, call.costUSD, call.requestID,
                    isFinal ? label?.category.rawValue : nil, isFinal ? label?.priority.rawValue : nil,
                    isFinal ? label?.confidence : nil, isFinal && label == nil ? (call.error ?? failure) : call.error,
                    call.rawAnswer, now, batchID, call.unusableAnswer,
                ])
        }
        guard let label else {
            if outside { return .outsideTaxonomy }
            if changed { return .textChanged }
            if calls.contains(where: \.unusableAnswer),
                try unusableAnswers(for: request, by: classifier) >= Self.unusableAnswersBeforeReview
            {
                try setAside(request, by: classifier, at: now)
                return .setAside
            }
            return .unanswered
        }
        if let minConfidence, (label.confidence ?? 0) < minConfidence {
            try db.cachedStatement(
                sql: """
                    INSERT INTO review_queue (ticket_id, suggested_category, suggested_priority, confidence, model, queued_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (ticket_id) DO UPDATE SET suggested_category = excluded.suggested_category,
                        suggested_priority = excluded.suggested_priority, confidence = excluded.confidence,
                        model = excluded.model, queued_at = excluded.queued_at
                    """
            ).execute(arguments: [
                request.ticketID, label.category.rawValue, label.priority.rawValue, label.confidence, classifier.model, now,
            ])
            return .queued
        }
        func replaceable(_ column: String) -> String {
            guard relabel else { return "\(column) IS NULL" }
            return "(\(column) IS NULL OR \(column) IN \(includeManual ? "('llm','local','manual')" : "('llm','local')"))"
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
                label.category.rawValue, classifier.labelSource.rawValue, label.priority.rawValue, classifier.model,
                classifier.promptVersion, label.confidence, now, request.ticketID,
            ])
        return .applied
    }

    /// How many answers the model may give a ticket's text that are no usable label before the ticket waits for
    /// a person: asked again, a model that answered so twice is likely to answer so again, and each time is paid.
    public static let unusableAnswersBeforeReview = 2

    /// The answers recorded for the ticket's current text, from this model and prompt version, that were no
    /// usable label (across runs and batches: a batch gets one answer a ticket).
    func unusableAnswers(for request: ClassificationRequest, by classifier: ClassifierIdentity) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COUNT(*) FROM classification_calls
                    WHERE ticket_id = ? AND text_hash = ? AND model = ? AND prompt_version = ? AND unusable_answer = 1
                    """),
            arguments: [request.ticketID, request.textHash, classifier.model, classifier.promptVersion]) ?? 0
    }

    /// Puts a ticket in the review queue without a suggestion: it is no candidate until a person labels it (or a
    /// `taxonomy set` changes what the model is asked).
    func setAside(_ request: ClassificationRequest, by classifier: ClassifierIdentity, at now: Int64) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO review_queue (ticket_id, suggested_category, suggested_priority, confidence, model, queued_at)
                VALUES (?, NULL, NULL, NULL, ?, ?)
                ON CONFLICT (ticket_id) DO UPDATE SET suggested_category = NULL, suggested_priority = NULL,
                    confidence = NULL, model = excluded.model, queued_at = excluded.queued_at
                """
        ).execute(arguments: [request.ticketID, classifier.model, now])
    }

    // MARK: Message Batches

    /// A pending request for identical text from the same model and prompt, which a ticket can share.
    public func pendingRequest(textHash: Int64, model: String, promptVersion: String) throws -> (
        batchID: Int64, customID: String
    )? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT r.batch_id, r.custom_id FROM message_batch_requests r JOIN message_batches b ON b.id = r.batch_id
                    WHERE r.text_hash = ? AND r.state = 'pending' AND b.model = ? AND b.prompt_version = ?
                        AND b.status IN ('submitting', 'in_progress', 'ended') LIMIT 1
                    """, arguments: [textHash, model, promptVersion])
        else { return nil }
        return (row["batch_id"], row["custom_id"])
    }

    /// Adds a ticket to an already submitted request for identical text: it is labeled with that answer.
    public func attach(ticketID: Int64, textHash: Int64, toBatch batchID: Int64, customID: String) throws {
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO message_batch_requests (batch_id, ticket_id, custom_id, text_hash) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [batchID, ticketID, customID, textHash])
    }

    /// Tickets of pending requests, by custom id, with their current text.
    public func pendingTickets(batchID: Int64, customIDs: [String]) throws -> [String: [PendingBatchTicket]] {
        guard !customIDs.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: customIDs.count).joined(separator: ",")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT r.custom_id, r.text_hash, t.id, t.external_id, t.title, t.description
                FROM message_batch_requests r JOIN tickets t ON t.id = r.ticket_id
                WHERE r.batch_id = ? AND r.state = 'pending' AND r.custom_id IN (\(placeholders))
                ORDER BY t.id
                """, arguments: StatementArguments([batchID] as [any DatabaseValueConvertible] + customIDs))
        var result: [String: [PendingBatchTicket]] = [:]
        for row in rows {
            let request = ClassificationRequest(
                ticketID: row["id"], externalID: row["external_id"], title: row["title"],
                description: row["description"])
            result[row["custom_id"], default: []].append(
                PendingBatchTicket(request: request, submittedTextHash: row["text_hash"]))
        }
        return result
    }

    public func setRequestState(_ state: BatchRequestState, batchID: Int64, ticketID: Int64) throws {
        try db.cachedStatement(sql: "UPDATE message_batch_requests SET state = ? WHERE batch_id = ? AND ticket_id = ?")
            .execute(arguments: [state.rawValue, batchID, ticketID])
    }

    /// Adds what a chunk of results held to the batch's tallies (in the chunk's transaction, so a re-run
    /// after a crash counts each request once).
    public func addTallies(_ tally: BatchTally, batchID: Int64) throws {
        try db.execute(
            sql: """
                UPDATE message_batches SET succeeded = succeeded + ?, errored = errored + ?, expired = expired + ?,
                    canceled = canceled + ?, invalid = invalid + ? WHERE id = ?
                """, arguments: [tally.succeeded, tally.errored, tally.expired, tally.canceled, tally.invalid, batchID])
    }
}

extension TicketStore {
    /// Runs `body` in one write transaction: everything it records commits together, or nothing does.
    /// Synchronous on purpose: GRDB's async write refuses to run once the task is cancelled, and what was paid
    /// for must be kept then most of all.
    public func transaction<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try write { db in try body(StoreTransaction(db: db)) }
    }

    /// How many of `requests` an earlier answer from `classifier` for identical text covers.
    public func countReusableAnswers(for requests: [ClassificationRequest], by classifier: ClassifierIdentity) throws
        -> Int
    {
        try read { db in
            let transaction = StoreTransaction(db: db)
            return try requests.filter { try transaction.reusableLabel(textHash: $0.textHash, by: classifier) != nil }
                .count
        }
    }
}
