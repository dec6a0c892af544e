import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// Answers a Messages API request the way Claude would for our tool, from keywords in the ticket, so the
/// fakes give plausible, checkable labels.
public enum FakeClaude {
    /// The ticket JSON object the user turn carries.
    public static func ticket(in requestBody: Data) -> (title: String, description: String)? {
        guard let object = try? JSONSerialization.jsonObject(with: requestBody) as? [String: Any],
            let messages = object["messages"] as? [[String: Any]], let content = messages.first?["content"] as? String,
            let start = content.firstIndex(of: "{"),
            let ticket = try? JSONSerialization.jsonObject(with: Data(content[start...].utf8)) as? [String: String]
        else { return nil }
        return (ticket["title"] ?? "", ticket["description"] ?? "")
    }

    /// The labels for a request, within its tool's enums as Claude's would be: for the standard taxonomy, from
    /// keywords; for a team's own, the first category and priority whose name the ticket mentions, else the
    /// first category and the lowest priority.
    public static func labels(for requestBody: Data) -> (category: String, priority: String) {
        let ticket = ticket(in: requestBody) ?? ("", "")
        guard let enums = toolEnums(in: requestBody),
            enums.categories != Taxonomy.standard.categoryNames || enums.priorities != Taxonomy.standard.priorityNames,
            let firstCategory = enums.categories.first, let lowest = enums.priorities.first
        else { return labels(title: ticket.title, description: ticket.description) }
        let words = Set((ticket.title + " " + ticket.description).lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "-" }.map(String.init))
        return (enums.categories.first(where: words.contains) ?? firstCategory, enums.priorities.first(where: words.contains) ?? lowest)
    }

    /// The category and priority enums of the request's tool.
    public static func toolEnums(in requestBody: Data) -> (categories: [String], priorities: [String])? {
        guard let object = try? JSONSerialization.jsonObject(with: requestBody) as? [String: Any],
            let tool = (object["tools"] as? [[String: Any]])?.first, let schema = tool["input_schema"] as? [String: Any],
            let properties = schema["properties"] as? [String: Any],
            let categories = (properties["category"] as? [String: Any])?["enum"] as? [String],
            let priorities = (properties["priority"] as? [String: Any])?["enum"] as? [String]
        else { return nil }
        return (categories, priorities)
    }

    public static func labels(title: String, description: String) -> (category: String, priority: String) {
        let text = (title + " " + description).lowercased()
        let category =
            ["refund", "invoice", "charge", "billing", "price"].contains(where: text.contains) ? "billing"
            : ["login", "password", "account", "sso", "two-factor"].contains(where: text.contains) ? "account"
            : ["error", "crash", "down", "slow", "sync", "bug", "503", "500"].contains(where: text.contains) ? "technical"
            : "general"
        let priority =
            ["urgent", "production", "down", "critical"].contains(where: text.contains) ? "critical"
            : ["blocking", "important", "locked"].contains(where: text.contains) ? "high"
            : ["no rush", "when you have time", "minor"].contains(where: text.contains) ? "low" : "medium"
        return (category, priority)
    }

    /// A successful tool-use answer.
    public static func answer(category: String, priority: String, confidence: Double? = 0.9, inputTokens: Int = 900,
                              outputTokens: Int = 40, cacheRead: Int = 0, cacheWrite: Int = 0) -> Data {
        var input: [String: Any] = ["category": category, "priority": priority, "reason": "fake"]
        input["confidence"] = confidence
        let object: [String: Any] = [
            "id": "msg_fake", "type": "message", "role": "assistant", "model": "claude-haiku-4-5",
            "stop_reason": "tool_use",
            "content": [[
                "type": "tool_use", "id": "toolu_fake", "name": "record_classification",
                "input": input,
            ]],
            "usage": [
                "input_tokens": inputTokens, "output_tokens": outputTokens,
                "cache_read_input_tokens": cacheRead, "cache_creation_input_tokens": cacheWrite,
            ],
        ]
        return try! JSONSerialization.data(withJSONObject: object)
    }

    public static func error(type: String, message: String) -> Data {
        try! JSONSerialization.data(withJSONObject: ["type": "error", "error": ["type": type, "message": message]])
    }
}
