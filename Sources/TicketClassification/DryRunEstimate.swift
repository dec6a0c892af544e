import TicketModel
import TicketDatabase
import TicketImport

/// What a classification would send and cost, computed without sending anything.
public struct DryRunEstimate: Codable, Sendable, Equatable {
    public var provider: String
    public var model: String
    public var tickets: Int
    /// Tickets whose identical text was answered before: they cost nothing.
    public var reusable: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheWriteTokens: Int
    public var cacheReadTokens: Int
    /// Whether the cached prefix reaches the model's minimum cacheable length.
    public var promptCaching: Bool
    /// nil for a model without a known price.
    public var costUSD: Double?

    enum CodingKeys: String, CodingKey {
        case provider, model, tickets, reusable
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheWriteTokens = "cache_write_tokens"
        case cacheReadTokens = "cache_read_tokens"
        case promptCaching = "prompt_caching"
        case costUSD = "cost_usd"
    }
}
