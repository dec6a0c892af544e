/// Prices in USD per million tokens, as Anthropic documents them. Cache writes (5-minute TTL) cost 1.25×
/// input, cache reads 0.1× input. An unknown model has no price, and its cost is reported as unknown.
public struct ModelPricing: Sendable, Equatable {
    public var input: Double
    public var output: Double
    /// Minimum prompt length for prompt caching to take effect.
    public var minimumCacheableTokens: Int

    public var cacheWrite: Double { input * 1.25 }
    public var cacheRead: Double { input * 0.1 }

    public static let table: [String: ModelPricing] = [
        "claude-haiku-4-5": ModelPricing(input: 1.0, output: 5.0, minimumCacheableTokens: 4096),
        "claude-haiku-5-5": ModelPricing(input: 0.10, output: 0.50, minimumCacheableTokens: 512),
    ]

    /// The price of `model`, also for dated ids such as `claude-haiku-4-5-20251001`.
    public static func forModel(_ model: String) -> ModelPricing? {
        if let exact = table[model] { return exact }
        return table.first { model.hasPrefix($0.key + "-") }?.value
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
