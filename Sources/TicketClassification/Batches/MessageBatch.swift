import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// A Message Batch as the API describes it (`GET /v1/messages/batches/{id}`).
public struct MessageBatch: Sendable, Equatable, Decodable {
    public enum ProcessingStatus: String, Sendable, Decodable {
        case inProgress = "in_progress"
        case canceling
        case ended
    }

    /// How many of the batch's requests are in each state.
    public struct RequestCounts: Sendable, Equatable, Decodable {
        public var processing = 0
        public var succeeded = 0
        public var errored = 0
        public var canceled = 0
        public var expired = 0

        public init(processing: Int = 0, succeeded: Int = 0, errored: Int = 0, canceled: Int = 0, expired: Int = 0) {
            self.processing = processing
            self.succeeded = succeeded
            self.errored = errored
            self.canceled = canceled
            self.expired = expired
        }

        enum CodingKeys: String, CodingKey { case processing, succeeded, errored, canceled, expired }

        /// Counts beyond a batch's 100,000 requests (or negative) are no answer: they would reach sums that trap.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func count(_ key: CodingKeys) throws -> Int {
                let value = try container.decodeIfPresent(Int.self, forKey: key) ?? 0
                guard (0...10_000_000).contains(value) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(value) is out of range")
                }
                return value
            }
            self.init(
                processing: try count(.processing), succeeded: try count(.succeeded), errored: try count(.errored),
                canceled: try count(.canceled), expired: try count(.expired))
        }

        public var total: Int { processing + succeeded + errored + canceled + expired }
    }

    public var id: String
    public var processingStatus: ProcessingStatus
    public var requestCounts: RequestCounts
    public var createdAt: Date?
    public var endedAt: Date?
    public var expiresAt: Date?
    public var resultsURL: String?

    enum CodingKeys: String, CodingKey {
        case id
        case processingStatus = "processing_status"
        case requestCounts = "request_counts"
        case createdAt = "created_at"
        case endedAt = "ended_at"
        case expiresAt = "expires_at"
        case resultsURL = "results_url"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        processingStatus = try container.decode(ProcessingStatus.self, forKey: .processingStatus)
        requestCounts = try container.decodeIfPresent(RequestCounts.self, forKey: .requestCounts) ?? RequestCounts()
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt).flatMap(Self.parseDate)
        endedAt = try container.decodeIfPresent(String.self, forKey: .endedAt).flatMap(Self.parseDate)
        expiresAt = try container.decodeIfPresent(String.self, forKey: .expiresAt).flatMap(Self.parseDate)
        resultsURL = try container.decodeIfPresent(String.self, forKey: .resultsURL)
    }

    /// RFC 3339, with or without fractional seconds (the API sends microseconds).
    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

extension BatchStatus {
    init(_ remote: MessageBatch.ProcessingStatus) {
        switch remote {
        case .inProgress: self = .inProgress
        case .canceling: self = .canceling
        case .ended: self = .ended
        }
    }
}

extension TicketStore {
    /// Stores what the API said of a batch: its id (the first time), status, and times.
    func updateBatch(_ id: Int64, remote: MessageBatch) throws {
        try updateBatch(
            id, remoteID: remote.id, status: BatchStatus(remote.processingStatus), createdAt: remote.createdAt,
            expiresAt: remote.expiresAt, endedAt: remote.endedAt)
    }
}
