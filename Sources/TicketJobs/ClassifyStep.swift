import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// `classify` in a job: the settings of its flags, under the same names (`rpm`, `batch_size`…).
public struct ClassifyStep: Sendable {
    public var settings = ClassifySettings()

    init(_ node: ConfigNode) throws {
        if node.isNull { return }
        let keys = try node.mapping(allowed: [
            "provider", "model", "concurrency", "limit", "rpm", "itpm", "otpm", "redact", "train", "taxonomy", "batch",
            "batch_size", "wait", "min_confidence", "relabel", "include_manual",
        ])
        if let provider = keys["provider"] {
            guard let parsed = ClassifierProvider(rawValue: try provider.string()) else {
                throw provider.error("expected auto, anthropic or local")
            }
            settings.provider = parsed
        }
        settings.model = try keys["model"]?.string()
        settings.concurrency = try keys["concurrency"]?.int()
        settings.limit = try keys["limit"]?.int()
        settings.requestsPerMinute = try keys["rpm"]?.double()
        settings.inputTokensPerMinute = try keys["itpm"]?.double()
        settings.outputTokensPerMinute = try keys["otpm"]?.double()
        settings.redact = try keys["redact"]?.bool()
        settings.trainingFile = try keys["train"]?.filePath()
        settings.taxonomyFile = try keys["taxonomy"]?.filePath()
        settings.batch = try keys["batch"]?.bool()
        settings.batchSize = try keys["batch_size"]?.int()
        settings.wait = try keys["wait"]?.bool()
        settings.minConfidence = try keys["min_confidence"]?.double()
        settings.relabel = try keys["relabel"]?.bool()
        settings.includeManual = try keys["include_manual"]?.bool()
        if let (setting, reason) = settings.problem() { throw (keys[setting] ?? node).error(reason) }
        for key in ["batch_size", "wait"] where settings.batch != true {
            if let node = keys[key] { throw node.error("needs 'batch: true'") }
        }
    }
}
