import Foundation
import GRDB
import TicketModel

extension TicketStore {
    /// Records a batch and its tickets before it is submitted, so that its tickets leave the candidates at
    /// once and a crash before the API's answer is recorded leaves a trace to reconcile.
    public func insertSubmittingBatch(
        key: String, model: String, promptVersion: String, relabel: Bool, minConfidence: Double? = nil,
        includeManual: Bool = false, entries: [BatchEntry], requests: Int, bytes: Int, at time: Date
    ) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO message_batches (key, model, prompt_version, relabel, min_confidence, include_manual, status,
                        requests, bytes, pid, submitted_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'submitting', ?, ?, ?, ?)
                    """,
                arguments: [
                    key, model, promptVersion, relabel, minConfidence, includeManual, requests, bytes,
                    Int(ProcessInfo.processInfo.processIdentifier), Int64(time.timeIntervalSince1970),
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

    /// Stores what the API said of a batch: its id (the first time), status, and times.
    public func updateBatch(
        _ id: Int64, remoteID: String, status: BatchStatus, createdAt: Date?, expiresAt: Date?, endedAt: Date?
    ) throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE message_batches SET remote_id = ?, status = CASE WHEN status IN ('collected') THEN status ELSE ? END,
                        remote_created_at = ?, expires_at = ?, ended_at = ? WHERE id = ?
                    """,
                arguments: [
                    remoteID, status.rawValue, createdAt.map { Int64($0.timeIntervalSince1970) },
                    expiresAt.map { Int64($0.timeIntervalSince1970) }, endedAt.map { Int64($0.timeIntervalSince1970) }, id,
                ])
        }
    }

    /// Closes a batch that holds nothing at the API (`failed` or `abandoned`): its tickets are candidates again.
    public func releaseBatch(_ id: Int64, status: BatchStatus, error: String) throws {
        try write { db in
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
        try read { db in
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
        try read { db in
            try BatchRecord.fetchOne(
                db, sql: "SELECT * FROM message_batches WHERE key = ?1 OR remote_id = ?1 OR CAST(id AS TEXT) = ?1",
                arguments: [identifier])
        }
    }

    public func batch(id: Int64) throws -> BatchRecord? {
        try read { db in
            try BatchRecord.fetchOne(db, sql: "SELECT * FROM message_batches WHERE id = ?", arguments: [id])
        }
    }

    /// Remote ids that a batch of ours already claims.
    public func claimedRemoteIDs() throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT remote_id FROM message_batches WHERE remote_id IS NOT NULL"))
        }
    }

    /// Custom ids still pending in a batch, after its results were read: the API sent nothing for them.
    public func pendingCustomIDs(batchID: Int64) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT DISTINCT custom_id FROM message_batch_requests WHERE batch_id = ? AND state = 'pending'",
                arguments: [batchID])
        }
    }

    /// Marks a batch collected, with its cost taken from the calls stored for it.
    public func finishCollecting(_ id: Int64, at time: Date, syncPricing: ModelPricing?) throws {
        try write { db in
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

    /// Tickets waiting in a submitted batch.
    public func pendingBatchTicketCount() throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message_batch_requests WHERE state = 'pending'") ?? 0
        }
    }
}
