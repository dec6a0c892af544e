import TicketModel
import TicketDatabase
import TicketImport

/// An account's per-minute budgets. Defaults are those of Anthropic's first usage tier for Haiku-class models.
public struct RateLimits: Sendable, Equatable {
    /// Requests per minute. Default 50.
    public var requestsPerMinute: Double = 50
    /// Input tokens per minute. Default 50,000.
    public var inputTokensPerMinute: Double = 50_000
    /// Output tokens per minute. Default 10,000.
    public var outputTokensPerMinute: Double = 10_000
    /// The budgets the user set (by a flag or a job file): they cap what the server's headers say. The others
    /// are only where pacing starts; the `anthropic-ratelimit-*-limit` headers replace them, up or down.
    public var explicit: Set<Kind> = []

    /// The three budgets, named as in the `anthropic-ratelimit-{kind}-*` headers.
    public enum Kind: String, Sendable, CaseIterable {
        case requests
        case inputTokens = "input-tokens"
        case outputTokens = "output-tokens"
    }

    public init() {}

    public subscript(kind: Kind) -> Double {
        switch kind {
        case .requests: requestsPerMinute
        case .inputTokens: inputTokensPerMinute
        case .outputTokens: outputTokensPerMinute
        }
    }

    public init(requestsPerMinute: Double, inputTokensPerMinute: Double, outputTokensPerMinute: Double) {
        self.requestsPerMinute = requestsPerMinute
        self.inputTokensPerMinute = inputTokensPerMinute
        self.outputTokensPerMinute = outputTokensPerMinute
    }
}
