import Foundation
import GRDB

extension TicketStore {
    /// A ticket's place in a batch being built.
    public struct BatchEntry: Sendable, Equatable {
        public var ticketID: Int64
        public var customID: String
        public var textHash: Int64
    }

    /// A pending request's ticket, as stored when the batch was submitted, with the ticket's current text.
    struct PendingBatchTicket {
        var request: ClassificationRequest
        var submittedTextHash: Int64
    }

    /// Records a batch and its tickets before it is submitted, so that its tickets leave the candidates at
    /// once and a crash before the API's answer is recorded leaves a trace to reconcile.
    func insertSubmittingBatch(
        key: String, model: String, promptVersion: String, relabel: Bool, entries: [BatchEntry], requests: Int,
        bytes: Int,
        at time: Date
    ) throws -> Int64 {
        try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO message_batches (key, model, prompt_version, relabel, status, requests, bytes, pid, submitted_at)
                    VALUES (?, ?, ?, ?, 'submitting', ?, ?, ?, ?)
                    """,
                arguments: [
                    key, model, promptVersion, relabel, requests, bytes, Int(ProcessInfo.processInfo.processIdentifier),
                    Int64(time.timeIntervalSince1970),
                ])
            let id = db.lastInsertedRowID
            let statement = try db.makeStatement(
                sql:
                    "INSERT INTO message_batch_requests (batch_id, ticket_id, custom_id, text_hash) VALUES (?, ?, ?, ?)"
            )
            for entry in entries {
                try statement.execute(arguments: [id, entry.ticketID, entry.customID, entry.textHash])
            }
            return id
        }
    }

    /// A pending request for identical text from the same model and prompt, which `ticketID` can share.
    func pendingRequest(textHash: Int64, model: String, promptVersion: String, in db: Database) throws -> (
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
    func attach(ticketID: Int64, textHash: Int64, toBatch batchID: Int64, customID: String, in db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO message_batch_requests (batch_id, ticket_id, custom_id, text_hash) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [batchID, ticketID, customID, textHash])
    }

    /// Stores what the API said of a batch: its id (the first time), status, and times.
    func updateBatch(_ id: Int64, remote: MessageBatch) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    UPDATE message_batches SET remote_id = ?, status = CASE WHEN status IN ('collected') THEN status ELSE ? END,
                        remote_created_at = ?, expires_at = ?, ended_at = ? WHERE id = ?
                    """,
                arguments: [
                    remote.id, BatchStatus(remote.processingStatus).rawValue,
                    remote.createdAt.map { Int64($0.timeIntervalSince1970) },
                    remote.expiresAt.map { Int64($0.timeIntervalSince1970) },
                    remote.endedAt.map { Int64($0.timeIntervalSince1970) }, id,
                ])
        }
    }

    /// Closes a batch that holds nothing at the API (`failed` or `abandoned`): its tickets are candidates again.
    func releaseBatch(_ id: Int64, status: BatchStatus, error: String) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE message_batches SET status = ?, error = ? WHERE id = ?",
                arguments: [status.rawValue, error, id])
            try db.execute(
                sql: "UPDATE message_batch_requests SET state = 'released' WHERE batch_id = ? AND state = 'pending'",
                arguments: [id])
        }
    }

    /// Batches in the given states, oldest first.
    public func batches(in statuses: [BatchStatus]? = nil) throws -> [BatchRecord] {
        try writer.read { db in
            if let statuses {
                let list = statuses.map { "'\($0.rawValue)'" }.joined(separator: ",")
                return try BatchRecord.fetchAll(
                    db, sql: "SELECT * FROM message_batches WHERE status IN (\(list)) ORDER BY id")
            }
            return try BatchRecord.fetchAll(db, sql: "SELECT * FROM message_batches ORDER BY id")
        }
    }

    /// A batch by our key, the API's id, or our row number.
    public func batch(_ identifier: String) throws -> BatchRecord? {
        try writer.read { db in
            try BatchRecord.fetchOne(
                db, sql: "SELECT * FROM message_batches WHERE key = ?1 OR remote_id = ?1 OR CAST(id AS TEXT) = ?1",
                arguments: [identifier])
        }
    }

    func batch(id: Int64) throws -> BatchRecord? {
        try writer.read { db in
            try BatchRecord.fetchOne(db, sql: "SELECT * FROM message_batches WHERE id = ?", arguments: [id])
        }
    }

    /// Remote ids that a batch of ours already claims.
    func claimedRemoteIDs() throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT remote_id FROM message_batches WHERE remote_id IS NOT NULL"))
        }
    }

    /// Tickets of pending requests, by custom id, with their current text.
    func pendingTickets(batchID: Int64, customIDs: [String], in db: Database) throws -> [String: [PendingBatchTicket]] {
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

    /// Custom ids still pending in a batch, after its results were read: the API sent nothing for them.
    func pendingCustomIDs(batchID: Int64) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT DISTINCT custom_id FROM message_batch_requests WHERE batch_id = ? AND state = 'pending'",
                arguments: [batchID])
        }
    }

    func setRequestState(_ state: String, batchID: Int64, ticketID: Int64, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE message_batch_requests SET state = ? WHERE batch_id = ? AND ticket_id = ?")
            .execute(arguments: [state, batchID, ticketID])
    }

    /// Adds what a chunk of results held to the batch's tallies (in the chunk's transaction, so a re-run
    /// after a crash counts each request once).
    func addTallies(_ tally: BatchTally, batchID: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE message_batches SET succeeded = succeeded + ?, errored = errored + ?, expired = expired + ?,
                    canceled = canceled + ?, invalid = invalid + ? WHERE id = ?
                """, arguments: [tally.succeeded, tally.errored, tally.expired, tally.canceled, tally.invalid, batchID])
    }

    /// Marks a batch collected, with its cost taken from the calls stored for it.
    func finishCollecting(_ id: Int64, at time: Date, syncPricing: ModelPricing?) throws {
        try writer.write { db in
            let usage = try Row.fetchOne(
                db,
                sql: """
                    SELECT SUM(cost_usd) AS cost, COUNT(*) - COUNT(cost_usd) AS unpriced, SUM(input_tokens) AS input,
                        SUM(output_tokens) AS output, SUM(cache_creation_tokens) AS cache_write, SUM(cache_read_tokens) AS cache_read
                    FROM classification_calls WHERE batch_id = ?
                    """, arguments: [id])!
            let tokens = TokenUsage(
                inputTokens: usage["input"] ?? 0, outputTokens: usage["output"] ?? 0,
                cacheCreationInputTokens: usage["cache_write"] ?? 0, cacheReadInputTokens: usage["cache_read"] ?? 0)
            let unpriced: Int = usage["unpriced"] ?? 0
            let cost: Double? = unpriced > 0 ? nil : (usage["cost"] ?? 0.0)
            try db.execute(
                sql: """
                    UPDATE message_batches SET status = 'collected', collected_at = ?, cost_usd = ?, sync_cost_usd = ? WHERE id = ?
                    """,
                arguments: [Int64(time.timeIntervalSince1970), cost, syncPricing?.cost(tokens), id])
        }
    }
}
