/// Prices in USD per million tokens, as Anthropic documents them. Cache writes (5-minute TTL) cost 1.25×
/// input, cache reads 0.1× input. An unknown model has no price, and its cost is reported as unknown.
public struct ModelPricing: Sendable, Equatable {
    public var input: Double
    public var output: Double
    /// Minimum prompt length for prompt caching to take effect.
    public var minimumCacheableTokens: Int

    public var cacheWrite: Double { input * 1.25 }
    public var cacheRead: Double { input * 0.1 }

    /// Keyed by model alias; a team on Sonnet or Opus gets its cost recorded too, not "unknown".
    public static let table: [String: ModelPricing] = [
        "claude-haiku-5-5": ModelPricing(input: 0.10, output: 0.50, minimumCacheableTokens: 512),
        "claude-haiku-4-5": ModelPricing(input: 1.0, output: 5.0, minimumCacheableTokens: 4096),
        "claude-3-5-haiku": ModelPricing(input: 0.80, output: 4.0, minimumCacheableTokens: 2048),
        "claude-sonnet-4-6": ModelPricing(input: 3.0, output: 15.0, minimumCacheableTokens: 1024),
        "claude-sonnet-4-5": ModelPricing(input: 3.0, output: 15.0, minimumCacheableTokens: 1024),
        "claude-sonnet-4": ModelPricing(input: 3.0, output: 15.0, minimumCacheableTokens: 1024),
        "claude-opus-4-6": ModelPricing(input: 5.0, output: 25.0, minimumCacheableTokens: 4096),
        "claude-opus-4-5": ModelPricing(input: 5.0, output: 25.0, minimumCacheableTokens: 4096),
        "claude-opus-4-1": ModelPricing(input: 15.0, output: 75.0, minimumCacheableTokens: 1024),
        "claude-opus-4": ModelPricing(input: 15.0, output: 75.0, minimumCacheableTokens: 1024),
    ]

    /// The price of `model`, also for dated ids and aliases such as `claude-haiku-4-5-20251001`,
    /// `claude-sonnet-4-0` or `claude-3-5-haiku-latest`. The longest alias wins, so `claude-opus-4-5-…` is
    /// priced as Opus 4.5, not as Opus 4.
    public static func forModel(_ model: String) -> ModelPricing? {
        if let exact = table[model] { return exact }
        return table.filter { model.hasPrefix($0.key + "-") }.max { $0.key.count < $1.key.count }?.value
    }

    /// Message Batches cost half the synchronous price, for input and output alike (cache multipliers
    /// apply on top, as Anthropic documents).
    public var batch: ModelPricing {
        ModelPricing(input: input / 2, output: output / 2, minimumCacheableTokens: minimumCacheableTokens)
    }

    public func cost(_ usage: TokenUsage) -> Double {
        (Double(usage.inputTokens) * input + Double(usage.outputTokens) * output
            + Double(usage.cacheCreationInputTokens) * cacheWrite + Double(usage.cacheReadInputTokens) * cacheRead)
            / 1_000_000
    }
}
