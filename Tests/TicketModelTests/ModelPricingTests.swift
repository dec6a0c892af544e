import Testing
import TicketModel

@Suite struct ModelPricingTests {
    @Test func datedIdsAndAliasesTakeTheirModelsPrice() {
        #expect(ModelPricing.forModel("claude-haiku-4-5-20251001") == ModelPricing.table["claude-haiku-4-5"])
        #expect(ModelPricing.forModel("claude-sonnet-4-5-20250929")?.input == 3)
        #expect(ModelPricing.forModel("claude-3-5-haiku-latest")?.output == 4)
        #expect(ModelPricing.forModel("claude-sonnet-4-0")?.minimumCacheableTokens == 1024)
    }

    /// `claude-opus-4-5-…` also starts with `claude-opus-4-`: the longer alias must win, every time, whatever
    /// order the table is walked in (Opus 4 costs three times as much).
    @Test func theLongestAliasWins() {
        for _ in 0..<20 {
            #expect(ModelPricing.forModel("claude-opus-4-5-20251101")?.input == 5)
            #expect(ModelPricing.forModel("claude-opus-4-1-20250805")?.input == 15)
            #expect(ModelPricing.forModel("claude-opus-4-20250514")?.input == 15)
        }
    }

    @Test func anUnknownModelHasNoPrice() {
        #expect(ModelPricing.forModel("claude-unknown-9") == nil)
        #expect(ModelPricing.forModel("claude-sonnet") == nil)
        // A prefix of an alias is not that model.
        #expect(ModelPricing.forModel("claude-haiku-4") == nil)
    }

    @Test func costCountsCacheWritesAndReadsAtTheirMultipliers() {
        let sonnet = ModelPricing.forModel("claude-sonnet-4-5")!
        let usage = TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000, cacheCreationInputTokens: 1_000_000,
                               cacheReadInputTokens: 1_000_000)
        #expect(abs(sonnet.cost(usage) - (3 + 1.5 + 3.75 + 0.3)) < 1e-9)
        #expect(abs(sonnet.batch.cost(usage) - (3 + 1.5 + 3.75 + 0.3) / 2) < 1e-9)
    }
}
