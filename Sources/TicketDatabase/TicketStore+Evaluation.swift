import Foundation
import GRDB
import TicketModel

extension TicketStore {
    /// An earlier evaluation answer for identical text, model and prompt version: re-running costs nothing.
    public func cachedEvaluationAnswer(textHash: Int64, model: String, promptVersion: String) throws -> CachedEvaluationAnswer? {
        try read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT category, priority FROM evaluation_answers WHERE text_hash = ? AND model = ? AND prompt_version = ?",
                arguments: [textHash, model, promptVersion])
            else { return nil }
            let categoryText: String? = row["category"], priorityText: String? = row["priority"]
            // Kept without labels: the model's answers were no usable label.
            if categoryText == nil && priorityText == nil { return .unusable }
            guard let category = Category(rawValue: categoryText ?? ""), let priority = Priority(rawValue: priorityText ?? "")
            else { return nil }
            return .labeled(ClassificationLabel(category: category, priority: priority))
        }
    }

    /// Keeps an evaluation's answer (`label` nil: the model's answers were no usable label) with what it cost.
    public func cacheEvaluationAnswer(
        _ label: ClassificationLabel?, request: ClassificationRequest, classifier: ClassifierIdentity, calls: [CallRecord],
        at time: Date
    ) throws {
        let usage = calls.reduce(TokenUsage.zero) { $0 + $1.usage }
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO evaluation_answers (text_hash, model, prompt_version, category, priority, input_tokens,
                        output_tokens, cost_usd, latency_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [request.textHash, classifier.model, classifier.promptVersion, label?.category.rawValue, label?.priority.rawValue,
                            usage.inputTokens, usage.outputTokens, calls.compactMap(\.costUSD).reduce(0, +),
                            calls.last?.latencyMilliseconds, Int64(time.timeIntervalSince1970)])
        }
    }
}
