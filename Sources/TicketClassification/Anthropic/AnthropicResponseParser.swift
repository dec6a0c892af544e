import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Reads a Messages API answer and validates it against the taxonomy.
enum AnthropicResponseParser {
    enum Problem: Error, Equatable, CustomStringConvertible {
        case notJSON
        case stopReason(String)
        case noToolUse
        case labelOutsideTaxonomy(field: String, value: String)

        var description: String {
            switch self {
            case .notJSON: "the answer is not JSON"
            case .stopReason(let reason): "the model stopped with '\(reason)'"
            case .noToolUse: "the answer has no \(ClassificationPrompt.toolName) tool call"
            case .labelOutsideTaxonomy(let field, let value): "\(field) '\(value)' is not in the taxonomy"
            }
        }
    }

    static func parse(_ body: Data) -> (result: Result<ClassificationLabel, Problem>, usage: TokenUsage?) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return (.failure(.notJSON), nil) }
        return parse(message: object)
    }

    /// Validates a decoded Message object: the body of a synchronous answer, or a batch result's `message`.
    static func parse(message object: [String: Any]) -> (result: Result<ClassificationLabel, Problem>, usage: TokenUsage?) {
        var usage: TokenUsage?
        if let raw = object["usage"], let data = try? JSONSerialization.data(withJSONObject: raw) {
            usage = try? JSONDecoder().decode(TokenUsage.self, from: data)
        }
        if let stop = object["stop_reason"] as? String, stop == "max_tokens" || stop == "refusal" {
            return (.failure(.stopReason(stop)), usage)
        }
        let content = object["content"] as? [[String: Any]] ?? []
        guard let tool = content.first(where: { $0["type"] as? String == "tool_use" && $0["name"] as? String == ClassificationPrompt.toolName }),
            let input = tool["input"] as? [String: Any]
        else { return (.failure(.noToolUse), usage) }
        let categoryText = input["category"] as? String ?? ""
        let priorityText = input["priority"] as? String ?? ""
        guard let category = Category(rawValue: categoryText) else {
            return (.failure(.labelOutsideTaxonomy(field: "category", value: categoryText)), usage)
        }
        guard let priority = Priority(rawValue: priorityText) else {
            return (.failure(.labelOutsideTaxonomy(field: "priority", value: priorityText)), usage)
        }
        let reason = (input["reason"] as? String).map { String($0.prefix(500)) }
        return (.success(ClassificationLabel(category: category, priority: priority, confidence: nil, reason: reason)), usage)
    }

    /// The `error.message` of an error body, or a short excerpt.
    static func errorMessage(_ body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let error = object["error"] as? [String: Any], let message = error["message"] as? String
        {
            return message
        }
        return String(decoding: body.prefix(200), as: UTF8.self)
    }
}
