import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// How the Anthropic provider talks to the Messages API. Defaults are documented per property.
public struct AnthropicConfiguration: Sendable {
    /// The API key; never logged or stored.
    public var apiKey: String
    /// Default `https://api.anthropic.com`; `ANTHROPIC_BASE_URL` overrides it, as in Anthropic's SDKs.
    public var baseURL: URL = URL(string: "https://api.anthropic.com")!
    /// Default `claude-haiku-4-5`.
    public var model = "claude-haiku-4-5"
    /// The API version, pinned explicitly.
    public var anthropicVersion = "2023-06-01"
    /// Default 256: the tool call needs few tokens.
    public var maxTokens = 256
    /// Attempts per ticket for retryable failures (429, 5xx, timeouts). Default 6.
    public var maxAttempts = 6
    /// First backoff delay in seconds, doubling per attempt, up to `maximumBackoff`. Defaults 0.5 and 30.
    public var initialBackoff = 0.5
    public var maximumBackoff = 30.0
    /// Mask e-mail addresses, phone and card numbers before sending. Default false.
    public var redact = false
    /// The definitions given for each label. Default: `Taxonomy.standard`.
    public var taxonomy = Taxonomy.standard

    public init(apiKey: String) {
        self.apiKey = apiKey
    }

    /// The wait before retry `attempt + 1`: initialBackoff · 2^(attempt−1), capped at maximumBackoff, times
    /// `jitter` (drawn from [0.5, 1) by the caller's seeded generator).
    func backoffDelay(attempt: Int, jitter: Double) -> Double {
        min(maximumBackoff, initialBackoff * pow(2, Double(attempt - 1))) * jitter
    }

    /// Reads the key from `ANTHROPIC_API_KEY`, else `LLM_API_KEY` (the support app's name), and the base URL
    /// from `ANTHROPIC_BASE_URL`. Nil when there is no key.
    public static func fromEnvironment(_ environment: [String: String]) -> AnthropicConfiguration? {
        guard let key = [environment["ANTHROPIC_API_KEY"], environment["LLM_API_KEY"]].compactMap({ $0 })
            .first(where: { !$0.isEmpty })
        else { return nil }
        var configuration = AnthropicConfiguration(apiKey: key)
        if let base = environment["ANTHROPIC_BASE_URL"], !base.isEmpty, let url = URL(string: base) {
            configuration.baseURL = url
        }
        return configuration
    }
}
