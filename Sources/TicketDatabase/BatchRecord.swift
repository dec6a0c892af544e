import Foundation
import GRDB
import TicketModel

/// One row of `message_batches`: a batch this database submitted, and what became of it.
public struct BatchRecord: Sendable, Equatable, Codable, FetchableRecord {
    public var id: Int64
    /// Our own id, the prefix of every `custom_id` in the batch.
    public var key: String
    /// The API's id (`msgbatch_…`); nil until the API answered.
    public var remoteID: String?
    public var model: String
    public var promptVersion: String
    public var status: BatchStatus
    public var requests: Int
    public var bytes: Int
    /// Submitted with `--relabel`: its answers may replace a classifier's earlier labels.
    public var relabel: Bool
    /// Answers less sure than this wait in the review queue instead of being applied.
    public var minConfidence: Double?
    /// Submitted with `--relabel --include-manual`: its answers may replace a person's labels too.
    public var includeManual: Bool
    public var pid: Int
    public var submittedAt: Date
    public var remoteCreatedAt: Date?
    public var expiresAt: Date?
    public var endedAt: Date?
    public var collectedAt: Date?
    public var succeeded: Int
    public var errored: Int
    public var expired: Int
    public var canceled: Int
    public var invalid: Int
    public var costUSD: Double?
    public var syncCostUSD: Double?
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case id, key, model, status, requests, bytes, relabel, pid, succeeded, errored, expired, canceled, invalid,
            error
        case remoteID = "remote_id"
        case minConfidence = "min_confidence"
        case includeManual = "include_manual"
        case promptVersion = "prompt_version"
        case submittedAt = "submitted_at"
        case remoteCreatedAt = "remote_created_at"
        case expiresAt = "expires_at"
        case endedAt = "ended_at"
        case collectedAt = "collected_at"
        case costUSD = "cost_usd"
        case syncCostUSD = "sync_cost_usd"
    }

    public init(row: Row) throws {
        func date(_ column: String) -> Date? {
            (row[column] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
        id = row["id"]
        key = row["key"]
        remoteID = row["remote_id"]
        model = row["model"]
        promptVersion = row["prompt_version"]
        status = BatchStatus(rawValue: row["status"]) ?? .failed
        requests = row["requests"]
        bytes = row["bytes"]
        relabel = row["relabel"]
        minConfidence = row["min_confidence"]
        includeManual = row["include_manual"]
        pid = row["pid"]
        submittedAt = date("submitted_at") ?? Date(timeIntervalSince1970: 0)
        remoteCreatedAt = date("remote_created_at")
        expiresAt = date("expires_at")
        endedAt = date("ended_at")
        collectedAt = date("collected_at")
        succeeded = row["succeeded"]
        errored = row["errored"]
        expired = row["expired"]
        canceled = row["canceled"]
        invalid = row["invalid"]
        costUSD = row["cost_usd"]
        syncCostUSD = row["sync_cost_usd"]
        error = row["error"]
    }
}
