import Testing

@testable import TicketClassification
@testable import TicketModel

/// What a run's summary tells cron.
@Suite struct ClassifySummaryTests {
    let request = ClassificationRequest(ticketID: 1, externalID: "T-1", title: "t", description: "")

    func outcome(_ result: ClassificationResult, calls: [CallRecord]) -> ClassificationOutcome {
        ClassificationOutcome(request: request, result: result, calls: calls)
    }

    @Test func theResultSaysWhetherEverythingSomethingOrNothingWasLabeled() {
        let label = ClassificationLabel(category: .billing, priority: .low)
        var summary = ClassifySummary(provider: "anthropic", model: "m")
        #expect(summary.result == .complete)
        summary.add(outcome(.failed(reason: "HTTP 400: bad"), calls: [CallRecord(attempt: 1, httpStatus: 400, costUSD: 0)]), reused: false)
        #expect(summary.result == .nothingLabeled)
        #expect(summary.lastFailure == "HTTP 400: bad")
        summary.add(outcome(.labeled(label), calls: [CallRecord(attempt: 1, httpStatus: 200, costUSD: 0.001)]), reused: false)
        #expect(summary.result == .partial)
        var reusedOnly = ClassifySummary(provider: "anthropic", model: "m")
        reusedOnly.add(outcome(.labeled(label), calls: [CallRecord(attempt: 1, costUSD: 0)]), reused: true)
        #expect(reusedOnly.result == .complete)
    }

    /// A request without an answer was not billed; an answered one without a price makes the cost unknown.
    @Test func aConnectionFailureCostsNothing() {
        var summary = ClassifySummary(provider: "anthropic", model: "m")
        summary.add(
            outcome(.failed(reason: "connection: refused"), calls: [CallRecord(attempt: 1, error: "connection: refused")]),
            reused: false)
        #expect(summary.costUSD == 0)
        summary.add(
            outcome(.labeled(ClassificationLabel(category: .billing, priority: .low)), calls: [
                CallRecord(attempt: 1, httpStatus: 200, usage: TokenUsage(inputTokens: 10, outputTokens: 5))
            ]), reused: false)
        #expect(summary.costUSD == nil)
    }
}
