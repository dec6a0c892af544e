import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Reads a Messages API answer and validates it against the taxonomy.
enum AnthropicResponseParser {
    enum Problem: Error, Equatable, CustomStringConvertible {
        case notJSON
        /// JSON, but no Message: it has no `content` list (a gateway's or proxy's own answer, say).
        case notAMessage
        case stopReason(String)
        case noToolUse
        case labelOutsideTaxonomy(field: String, value: String)
        case invalidUsage(String)

        /// Whether the model itself answered with no usable label (not a body that is no Messages answer at
        /// all, which a proxy or gateway in between may give): asked again, it is likely to answer so again.
        var isTheModelsAnswer: Bool {
            switch self {
            case .stopReason, .noToolUse, .labelOutsideTaxonomy: true
            case .notJSON, .notAMessage, .invalidUsage: false
            }
        }

        var description: String {
            switch self {
            case .notJSON: "the answer is not JSON"
            case .notAMessage: "the answer is no Message (it has no content list)"
            case .stopReason(let reason): "the model stopped with '\(reason)'"
            case .noToolUse: "the answer has no \(ClassificationPrompt.toolName) tool call"
            case .labelOutsideTaxonomy(let field, let value): "\(field) '\(value.prefix(80))' is not in the taxonomy"
            case .invalidUsage(let detail): "the answer's usage is invalid: \(detail)"
            }
        }
    }

    static func parse(_ body: Data, taxonomy: Taxonomy = .standard) -> (result: Result<ClassificationLabel, Problem>, usage: TokenUsage?) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return (.failure(.notJSON), nil) }
        return parse(message: object, taxonomy: taxonomy)
    }

    /// Validates a decoded Message object: the body of a synchronous answer, or a batch result's `message`.
    static func parse(message object: [String: Any], taxonomy: Taxonomy = .standard) -> (result: Result<ClassificationLabel, Problem>, usage: TokenUsage?) {
        // Absent or null usage records the call without tokens; a usage of the wrong shape or out of range
        // fails the answer, since its numbers would reach the rate limiter's and the ledger's arithmetic.
        var usage: TokenUsage?
        switch object["usage"] {
        case nil, is NSNull:
            usage = nil
        case let raw as [String: Any]:
            switch readUsage(raw) {
            case .success(let value): usage = value
            case .failure(let problem): return (.failure(problem), nil)
            }
        default:
            return (.failure(.invalidUsage("not an object")), nil)
        }
        if let stop = object["stop_reason"] as? String, stop == "max_tokens" || stop == "refusal" {
            return (.failure(.stopReason(stop)), usage)
        }
        // Every Message has its content list, empty for a refusal: without one, the model did not answer this.
        guard let content = object["content"] as? [[String: Any]] else { return (.failure(.notAMessage), usage) }
        guard let tool = content.first(where: { $0["type"] as? String == "tool_use" && $0["name"] as? String == ClassificationPrompt.toolName }),
            let input = tool["input"] as? [String: Any]
        else { return (.failure(.noToolUse), usage) }
        let categoryText = input["category"] as? String ?? ""
        let priorityText = input["priority"] as? String ?? ""
        guard let category = Category(rawValue: categoryText), taxonomy.contains(category) else {
            return (.failure(.labelOutsideTaxonomy(field: "category", value: categoryText)), usage)
        }
        guard let priority = Priority(rawValue: priorityText), taxonomy.contains(priority) else {
            return (.failure(.labelOutsideTaxonomy(field: "priority", value: priorityText)), usage)
        }
        let reason = (input["reason"] as? String).map { String($0.prefix(500)) }
        // A confidence outside 0…1 (or none) is no confidence: such an answer counts as unsure.
        let confidence = (input["confidence"] as? NSNumber).map(\.doubleValue).flatMap { (0...1).contains($0) ? $0 : nil }
        return (
            .success(ClassificationLabel(category: category, priority: priority, confidence: confidence, reason: reason)),
            usage
        )
    }

    /// Token counts above this are no answer to one classification (a context window is at most 1M tokens).
    static let maximumTokens = 100_000_000

    private static func readUsage(_ raw: [String: Any]) -> Result<TokenUsage, Problem> {
        var counts: [Int] = []
        for key in ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"] {
            switch raw[key] {
            case nil, is NSNull:
                counts.append(0)
            case let number as NSNumber where String(cString: number.objCType) != "c":
                guard let count = Int(exactly: number.doubleValue), (0...maximumTokens).contains(count) else {
                    return .failure(.invalidUsage("\(key) \(number) is out of range"))
                }
                counts.append(count)
            default:
                return .failure(.invalidUsage("\(key) is not a number"))
            }
        }
        return .success(
            TokenUsage(
                inputTokens: counts[0], outputTokens: counts[1], cacheCreationInputTokens: counts[2],
                cacheReadInputTokens: counts[3]))
    }

    /// The `error.message` of an error body, or a short excerpt.
    static func errorMessage(_ body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let error = object["error"] as? [String: Any], let message = error["message"] as? String
        {
            // A server's word, into errors, logs and the calls table: bounded as the non-JSON case is.
            return String(message.prefix(1000))
        }
        return String(decoding: body.prefix(200), as: UTF8.self)
    }
}
