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
    /// What to check in the base URL when the API says an endpoint is not there: the SDKs' base URL has no
    /// version (`/v1/messages` is added to it), and one copied with `/v1` at its end doubles it.
    public var baseURLAdvice: String {
        baseURL.path.split(separator: "/").last == "v1"
            ? "ANTHROPIC_BASE_URL, whose path ends in /v1: requests go to it plus /v1/messages, as in Anthropic's SDKs, so leave /v1 out"
            : "ANTHROPIC_BASE_URL"
    }
    /// Default `claude-haiku-4-5`.
    public var model = "claude-haiku-4-5"
    /// The API version, pinned explicitly.
    public var anthropicVersion = "2023-06-01"
    /// Default 256: the tool call needs few tokens.
    public var maxTokens = 256
    /// Which answers are retried, how long to wait, which stop the run (defaults: 6 attempts, backoff from 0.5 s
    /// doubling up to 30 s); the same for Messages and Message Batches.
    public var responses = ResponsePolicy()
    /// Attempts per request for retryable failures (`responses.maxAttempts`).
    public var maxAttempts: Int {
        get { responses.maxAttempts }
        set { responses.maxAttempts = newValue }
    }
    /// Mask e-mail addresses, phone and card numbers before sending. Default false.
    public var redact = false
    /// The definitions given for each label. Default: `Taxonomy.standard`.
    public var taxonomy = Taxonomy.standard

    public init(apiKey: String) {
        self.apiKey = apiKey
    }

    /// Reads the key from `ANTHROPIC_API_KEY`, else `LLM_API_KEY` (the support app's name), and the base URL
    /// from `ANTHROPIC_BASE_URL`. Nil when there is no key. A base URL that is not an http(s) URL with a host
    /// is refused here: every request to it would fail and be retried, ticket after ticket.
    public static func fromEnvironment(_ environment: [String: String]) throws -> AnthropicConfiguration? {
        guard let key = [environment["ANTHROPIC_API_KEY"], environment["LLM_API_KEY"]].compactMap({ $0 })
            .first(where: { !$0.isEmpty })
        else { return nil }
        var configuration = AnthropicConfiguration(apiKey: key)
        if let base = environment["ANTHROPIC_BASE_URL"], !base.isEmpty {
            guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let host = url.host, !host.isEmpty
            else {
                throw ClassificationError.invalidConfiguration(
                    "ANTHROPIC_BASE_URL '\(base.prefix(200))' is not an http:// or https:// URL with a host (as https://api.anthropic.com)")
            }
            configuration.baseURL = url
        }
        return configuration
    }
}
