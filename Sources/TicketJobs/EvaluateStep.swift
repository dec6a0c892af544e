import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// `evaluate` in a job: the settings of its flags, under the same names.
public struct EvaluateStep: Sendable {
    public var settings: EvaluationSettings

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: [
            "fixtures", "provider", "model", "train", "mapping", "split", "seed", "limit", "out", "baseline",
            "concurrency", "rpm", "taxonomy", "fail_under",
        ])
        guard let fixtures = keys["fixtures"] else { throw node.error("missing 'fixtures'") }
        settings = EvaluationSettings(fixtures: try fixtures.filePath())
        // One or several, as a list or "local,anthropic".
        func items(_ node: ConfigNode) throws -> [String] {
            try node.strings().flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        if let provider = keys["provider"] {
            settings.providers = try items(provider).map { name in
                guard let parsed = ClassifierProvider(rawValue: name), parsed != .auto else {
                    throw provider.error("expected anthropic or local")
                }
                return parsed
            }
        }
        if let model = keys["model"] { settings.models = try items(model) }
        if let failUnder = keys["fail_under"] {
            settings.failUnder = try items(failUnder).map { text in
                switch EvaluationThreshold.parse(text) {
                case .success(let threshold): return threshold
                case .failure(let error): throw failUnder.error("\(error)")
                }
            }
        }
        settings.trainingFile = try keys["train"]?.filePath()
        settings.mapping = try keys["mapping"]?.filePath()
        settings.split = try keys["split"]?.double()
        if let seed = keys["seed"] { settings.seed = UInt64(max(0, try seed.int())) }
        settings.limit = try keys["limit"]?.int()
        settings.outputDirectory = try keys["out"]?.reportFolder()
        settings.baseline = try keys["baseline"]?.filePath()
        settings.concurrency = try keys["concurrency"]?.int()
        settings.requestsPerMinute = try keys["rpm"]?.double()
        settings.taxonomyFile = try keys["taxonomy"]?.filePath()
        if let (setting, reason) = settings.problem() { throw (keys[setting] ?? node).error(reason) }
    }
}
