import Foundation
import Logging
import TicketClassification
import TicketDatabase
import TicketImport
import TicketModel

/// The `evaluate` step as a user configured it, by flags or a job file: every setting optional, each default
/// written once (in `Evaluator` and `RateLimits`); `makeEvaluator` fills what nobody set.
public struct EvaluationSettings: Sendable, Equatable {
    /// The folder reports go to when neither a flag nor a job file names one.
    public static let defaultOutputDirectory = "reports"

    public var fixtures: String
    /// The classifiers to score, side by side when several (default: local).
    public var providers: [ClassifierProvider] = []
    /// Claude models to score, each a run of its own (default: `classify`'s).
    public var models: [String] = []
    /// Figures every run must reach, or the evaluation fails (exit 4).
    public var failUnder: [EvaluationThreshold] = []
    public var trainingFile: String?
    /// A preset or a mapping file for the fixtures (and the training file).
    public var mapping: String?
    public var split: Double?
    public var seed: UInt64?
    public var limit: Int?
    public var baseline: String?
    public var concurrency: Int?
    public var requestsPerMinute: Double?
    public var outputDirectory: String?
    /// Score under this taxonomy file (labels, definitions, examples) instead of the database's, which is
    /// left as it is.
    public var taxonomyFile: String?

    public init(fixtures: String) {
        self.fixtures = fixtures
    }

    /// What is wrong with these settings, for the flag or key that set it; nil when they are fine.
    public func problem() -> (setting: String, reason: String)? {
        if providers.contains(.auto) { return ("provider", "must be anthropic or local (an evaluation names what it scores)") }
        if Set(providers).count != providers.count { return ("provider", "names a provider twice") }
        if Set(models).count != models.count { return ("model", "names a model twice") }
        if !models.isEmpty, !providers.contains(.anthropic) { return ("model", "names Claude models: add --provider anthropic") }
        if let split, !(split > 0 && split < 1) { return ("split", "must be between 0 and 1") }
        if let concurrency, !(1...ClassifySettings.maximumConcurrency).contains(concurrency) {
            return ("concurrency", "must be between 1 and \(ClassifySettings.maximumConcurrency)")
        }
        if let requestsPerMinute, !(requestsPerMinute > 0 && requestsPerMinute <= ClassifySettings.maximumPerMinute) {
            return ("rpm", "must be positive and at most \(Int(ClassifySettings.maximumPerMinute))")
        }
        if let limit, limit < 0 { return ("limit", "must be 0 or more") }
        return nil
    }

    /// An evaluator per run: each provider, and for Claude each model.
    public func makeEvaluators(
        store: TicketStore, environment: [String: String], logger: Logger, resolve: (String) -> String = { $0 }
    ) throws -> [Evaluator] {
        var result: [Evaluator] = []
        for provider in providers.isEmpty ? [.local] : providers {
            let models: [String?] = provider == .anthropic && !models.isEmpty ? models : [nil]
            for model in models {
                var evaluator = try makeEvaluator(store: store, environment: environment, logger: logger, resolve: resolve)
                evaluator.provider = provider
                evaluator.model = model
                result.append(evaluator)
            }
        }
        return result
    }

    /// The thresholds `reports` miss, as "category.macro_f1 0.74 < 0.8 (local)".
    public func misses(_ reports: [EvaluationReport]) -> [String] {
        reports.flatMap { report in
            failUnder.compactMap { threshold -> String? in
                let value = threshold.value(in: report)
                guard value < threshold.minimum else { return nil }
                return "\(threshold.kind).\(threshold.metric) \(value) < \(threshold.minimum) (\(report.provider): \(report.model))"
            }
        }
    }

    /// One evaluator with these settings, its provider and model left to the caller; `resolve` turns a path as
    /// given into one to open (a job file's paths are relative to it).
    public func makeEvaluator(
        store: TicketStore, environment: [String: String], logger: Logger, resolve: (String) -> String = { $0 }
    ) throws -> Evaluator {
        var evaluator = Evaluator(store: store, fixtures: resolve(fixtures), logger: logger)
        evaluator.trainingFile = trainingFile.map(resolve)
        evaluator.mapping = try ColumnMapping.resolve(mapping.map { ColumnMapping.preset(named: $0) != nil ? $0 : resolve($0) })
        evaluator.split = split
        if let seed { evaluator.seed = seed }
        evaluator.limit = limit
        evaluator.baseline = baseline.map(resolve)
        evaluator.taxonomyFile = taxonomyFile.map(resolve)
        if let concurrency { evaluator.concurrency = concurrency }
        if let requestsPerMinute { evaluator.limits.requestsPerMinute = requestsPerMinute }
        evaluator.environment = environment
        return evaluator
    }

    /// Where the reports go.
    public var output: String { outputDirectory ?? Self.defaultOutputDirectory }
}
