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
