import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Encodes tickets' Messages API parameters for a batch: what every request shares (model, system prompt,
/// tool, limits) is encoded once, only the ticket's message per request. The result decodes to exactly
/// `MessageParameters.make`.
struct MessageParametersEncoder {
    /// The shared members, `"max_tokens":…,"model":…,…`, without the enclosing braces.
    private let shared: Data
    private let redact: Bool
    private let redactor = Redactor()

    init(_ configuration: AnthropicConfiguration) {
        var parameters = MessageParameters.make(configuration, title: "", description: "")
        parameters["messages"] = nil
        shared = Data(MessageParameters.encoded(parameters).dropFirst().dropLast())
        redact = configuration.redact
    }

    func encode(title: String, description: String) -> Data {
        let title = redact ? redactor.redact(title) : title
        let description = redact ? redactor.redact(description) : description
        let messages = [
            ["role": "user", "content": ClassificationPrompt.userMessage(title: title, description: description)]
        ]
        let encodedMessages = (try? JSONSerialization.data(withJSONObject: messages)) ?? Data("[]".utf8)
        return Data(#"{"messages":"#.utf8) + encodedMessages + Data(",".utf8) + shared + Data("}".utf8)
    }
}
