import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// The Messages API parameters for one ticket: the same for a synchronous request and for a request
/// inside a Message Batch, so both paths send, and are validated against, the same prompt.
enum MessageParameters {
    /// The parameters for `title` and `description`, redacted first when the configuration asks for it.
    static func make(_ configuration: AnthropicConfiguration, title: String, description: String) -> [String: Any] {
        let redactor = Redactor()
        let title = configuration.redact ? redactor.redact(title) : title
        let description = configuration.redact ? redactor.redact(description) : description
        // No temperature, top_p or top_k: current models reject sampling parameters.
        return [
            "model": configuration.model,
            "max_tokens": configuration.maxTokens,
            "system": [
                [
                    "type": "text", "text": ClassificationPrompt.system(configuration.taxonomy),
                    "cache_control": ["type": "ephemeral"],
                ]
            ],
            "tools": [ClassificationPrompt.tool(configuration.taxonomy)],
            "tool_choice": ["type": "tool", "name": ClassificationPrompt.toolName],
            "messages": [
                ["role": "user", "content": ClassificationPrompt.userMessage(title: title, description: description)]
            ],
        ]
    }

    static func encoded(_ parameters: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys])) ?? Data()
    }

    /// The headers every Anthropic API request carries.
    static func headers(_ configuration: AnthropicConfiguration) -> [String: String] {
        [
            "x-api-key": configuration.apiKey, "anthropic-version": configuration.anthropicVersion,
            "content-type": "application/json",
        ]
    }
}
