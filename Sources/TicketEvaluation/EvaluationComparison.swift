import Foundation

/// Several classifiers scored on the same fixtures in one run (`evaluate --provider local,anthropic`,
/// `--model a,b`): a side-by-side table, and each run's full report.
public struct EvaluationComparison: Codable, Sendable, Equatable {
    /// One row of the side-by-side table.
    public struct Row: Codable, Sendable, Equatable {
        public var provider: String
        public var model: String
        public var categoryAccuracy: Double
        public var categoryEndToEndAccuracy: Double?
        public var categoryMacroF1: Double
        public var priorityAccuracy: Double
        public var priorityEndToEndAccuracy: Double?
        public var priorityMacroF1: Double
        public var costPer1000Tickets: Double?
        public var latencyP50Ms: Double?
        public var latencyP90Ms: Double?
        public var ticketsPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case provider, model
            case categoryAccuracy = "category_accuracy"
            case categoryEndToEndAccuracy = "category_end_to_end_accuracy"
            case categoryMacroF1 = "category_macro_f1"
            case priorityAccuracy = "priority_accuracy"
            case priorityEndToEndAccuracy = "priority_end_to_end_accuracy"
            case priorityMacroF1 = "priority_macro_f1"
            case costPer1000Tickets = "cost_per_1000_tickets"
            case latencyP50Ms = "latency_p50_ms"
            case latencyP90Ms = "latency_p90_ms"
            case ticketsPerSecond = "tickets_per_second"
        }

        init(_ report: EvaluationReport) {
            provider = report.provider
            model = report.model
            categoryAccuracy = report.category.accuracy
            categoryEndToEndAccuracy = report.category.endToEndAccuracy
            categoryMacroF1 = report.category.macroF1
            priorityAccuracy = report.priority.accuracy
            priorityEndToEndAccuracy = report.priority.endToEndAccuracy
            priorityMacroF1 = report.priority.macroF1
            costPer1000Tickets = report.cost.costPer1000Tickets
            latencyP50Ms = report.latency.p50Ms
            latencyP90Ms = report.latency.p90Ms
            ticketsPerSecond = report.latency.ticketsPerSecond
        }
    }

    public var schemaVersion = 2
    public var generatedAt: String
    public var fixtures: String
    public var n: Int
    public var comparison: [Row]
    public var runs: [EvaluationReport]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case generatedAt = "generated_at"
        case fixtures, n, comparison, runs
    }

    public init(runs: [EvaluationReport]) {
        precondition(!runs.isEmpty, "a comparison of no runs")
        generatedAt = runs[0].generatedAt
        fixtures = runs[0].fixtures
        n = runs[0].n
        comparison = runs.map(Row.init)
        self.runs = runs
    }
}
