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

    public init() {}

    public init(requestsPerMinute: Double, inputTokensPerMinute: Double, outputTokensPerMinute: Double) {
        self.requestsPerMinute = requestsPerMinute
        self.inputTokensPerMinute = inputTokensPerMinute
        self.outputTokensPerMinute = outputTokensPerMinute
    }
}
