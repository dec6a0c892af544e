import Foundation
import TicketModel
import TicketDatabase
import TicketClassification
import TicketReporting
import TicketImport

/// An evaluation of a classifier against labeled fixtures; written as JSON and HTML.
public struct EvaluationReport: Codable, Sendable, Equatable {
    /// An example's title longer than this is cut (and ends in "…").
    public static let exampleTitleCharacters = 200

    public struct ConfusedPair: Codable, Sendable, Equatable {
        public var truth: String
        public var predicted: String
        public var count: Int
        /// A few of the tickets (id and title, cut at `exampleTitleCharacters`), for a person to read.
        public var examples: [[String: String]]
    }

    public struct Cost: Codable, Sendable, Equatable {
        public var requests: Int
        public var inputTokens: Int
        public var outputTokens: Int
        public var costUSD: Double?
        public var costPer1000Tickets: Double?
        public var cachedAnswers: Int

        enum CodingKeys: String, CodingKey {
            case requests
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case costUSD = "cost_usd"
            case costPer1000Tickets = "cost_per_1000_tickets"
            case cachedAnswers = "cached_answers"
        }
    }

    public struct Latency: Codable, Sendable, Equatable {
        public var p50Ms: Double?
        public var p90Ms: Double?
        public var ticketsPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case p50Ms = "p50_ms"
            case p90Ms = "p90_ms"
            case ticketsPerSecond = "tickets_per_second"
        }
    }

    public var schemaVersion = 2
    public var generatedAt: String
    public var provider: String
    public var model: String
    public var fixtures: String
    /// Tickets scored.
    public var n: Int
    public var trainingSize: Int?
    /// Fixture rows the importer rejected (`firstRejection`: the first, with its line and reason) and rows without
    /// a category or a priority: neither is scored, and the report says so.
    public var rejectedRows: Int?
    public var firstRejection: String?
    public var unlabeledRows: Int?
    public var category: LabelMetrics
    public var priority: LabelMetrics
    /// The taxonomy's labels the scores are over, in its order: "category" and "priority" (lowest first).
    /// Absent from reports of schema 1, which had the four of each.
    public var labels: [String: [String]]?
    /// How far off priority predictions were: distance in ranks on the taxonomy's scale → count.
    public var priorityErrorDistance: [String: Int]
    public var mostConfused: [String: [ConfusedPair]]
    public var cost: Cost
    public var latency: Latency
    /// Differences from a baseline report (this minus baseline), when one was given.
    public var baselineDelta: [String: [String: Double]]?
    /// The baseline report's path, as given.
    public var baseline: String?

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case generatedAt = "generated_at"
        case provider, model, fixtures, n
        case trainingSize = "training_size"
        case rejectedRows = "rejected_rows"
        case firstRejection = "first_rejection"
        case unlabeledRows = "unlabeled_rows"
        case category, priority, labels
        case priorityErrorDistance = "priority_error_distance"
        case mostConfused = "most_confused"
        case cost, latency
        case baselineDelta = "baseline_delta"
        case baseline
    }
}
