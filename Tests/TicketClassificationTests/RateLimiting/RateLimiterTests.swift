import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketClassification

@Suite struct RateLimiterTests {
    @Test func neverAdmitsMoreThanTheLimitInAnyMinute() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(
            limits: RateLimits(requestsPerMinute: 120, inputTokensPerMinute: 1_000_000, outputTokensPerMinute: 1_000_000),
            clock: clock)
        var times: [Double] = []
        for _ in 0..<400 {
            try await limiter.acquire(inputTokens: 10, outputTokens: 10)
            times.append(clock.elapsedSeconds)
        }
        for (index, start) in times.enumerated() {
            let inWindow = times[index...].prefix { $0 < start + 60 }.count
            #expect(inWindow <= 122, "window at \(start) admitted \(inWindow)")
        }
        // Evenly paced: one request every half second, no burst.
        #expect(abs((times[300] - times[200]) - 50) < 0.01)
    }

    @Test func tokenBudgetsLimitToo() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(
            limits: RateLimits(requestsPerMinute: 10_000, inputTokensPerMinute: 6000, outputTokensPerMinute: 1_000_000),
            clock: clock)
        for _ in 0..<61 { try await limiter.acquire(inputTokens: 1000, outputTokens: 1) }
        // 6000 tokens a minute at 1000 a request: six requests a minute, ten minutes for 60 more.
        #expect(clock.elapsedSeconds >= 590 && clock.elapsedSeconds <= 601)
    }

    @Test func pauseHoldsEveryone() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limits: RateLimits(), clock: clock)
        await limiter.pause(for: 30)
        try await limiter.acquire(inputTokens: 1, outputTokens: 1)
        #expect(clock.elapsedSeconds >= 30)
    }

    /// The server's limits set the budgets, up from the defaults as well as down.
    @Test func theServersLimitsSetTheBudgetsBothWays() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limits: RateLimits(), clock: clock)
        let received = Date(timeIntervalSince1970: 1_800_000_000)
        await limiter.observe(
            headers: [
                "anthropic-ratelimit-requests-limit": "600", "anthropic-ratelimit-input-tokens-limit": "400000",
                "anthropic-ratelimit-output-tokens-limit": "80000",
            ], receivedAt: received)
        var snapshot = await limiter.snapshot
        #expect(snapshot.requests.ratePerSecond == 10)
        #expect(abs(snapshot.input.ratePerSecond - 400_000.0 / 60) < 1e-9)
        #expect(abs(snapshot.output.ratePerSecond - 80_000.0 / 60) < 1e-9)
        #expect(await limiter.effectiveRequestsPerMinute == 600)
        await limiter.observe(headers: ["anthropic-ratelimit-requests-limit": "30"], receivedAt: received)
        snapshot = await limiter.snapshot
        #expect(snapshot.requests.ratePerSecond == 0.5)
    }

    /// A budget the user gave caps what the headers say; one left at its default does not.
    @Test func anExplicitBudgetCapsTheHeaders() async throws {
        var limits = RateLimits()
        limits.requestsPerMinute = 120
        limits.explicit = [.requests]
        let limiter = RateLimiter(limits: limits, clock: ManualClock())
        let received = Date(timeIntervalSince1970: 1_800_000_000)
        await limiter.observe(
            headers: ["anthropic-ratelimit-requests-limit": "600", "anthropic-ratelimit-input-tokens-limit": "400000"],
            receivedAt: received)
        #expect(await limiter.effectiveRequestsPerMinute == 120)
        #expect(abs(await limiter.snapshot.input.ratePerSecond - 400_000.0 / 60) < 1e-9)
        await limiter.observe(headers: ["anthropic-ratelimit-requests-limit": "60"], receivedAt: received)
        #expect(await limiter.effectiveRequestsPerMinute == 60)
    }

    /// Nothing remaining until a reset R seconds away, of a limit L: the next unit is back after R / L (a
    /// bucket that refills continuously), not after R.
    @Test func nothingRemainingHoldsTheNextRequestForOneUnitsTime() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limits: RateLimits(), clock: clock)
        let received = Date(timeIntervalSince1970: 1_800_000_000)
        await limiter.observe(
            headers: [
                "anthropic-ratelimit-requests-limit": "30", "anthropic-ratelimit-requests-remaining": "0",
                "anthropic-ratelimit-requests-reset": ISO8601DateFormatter().string(from: received.addingTimeInterval(12)),
            ], receivedAt: received)
        let snapshot = await limiter.snapshot
        #expect(abs(snapshot.pausedUntil - 0.4) < 0.001)
        // Without a limit header, the current budget stands for it (input tokens: 50,000 a minute).
        await limiter.observe(
            headers: [
                "anthropic-ratelimit-input-tokens-remaining": "0",
                "anthropic-ratelimit-input-tokens-reset": ISO8601DateFormatter().string(from: received.addingTimeInterval(50)),
            ], receivedAt: received)
        #expect(abs(await limiter.snapshot.pausedUntil - 0.4) < 0.001)
    }

    /// Successes and 429s move the pacing rate (the AIMD rules themselves are `AdaptivePacer`'s).
    @Test func rateLimitsSlowThePacingAndSuccessesSpeedItUp() async throws {
        let clock = ManualClock()
        let changes = RateChanges()
        let limiter = RateLimiter(
            limits: RateLimits(requestsPerMinute: 600, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9),
            clock: clock, onRateChange: { rate, reason in changes.append(rate, reason) })
        await limiter.rateLimited()
        let slowed = await limiter.effectiveRequestsPerMinute
        #expect(slowed == 300)
        #expect(await limiter.snapshot.requests.ratePerSecond == 5)
        for _ in 0..<200 {
            try await limiter.acquire(inputTokens: 1, outputTokens: 1)
            await limiter.succeeded()
        }
        #expect(await limiter.effectiveRequestsPerMinute > slowed)
        #expect(changes.all.first?.reason == "rate limited (429)")
        #expect(changes.all.count >= 2)
    }

    /// A pause of half a minute or more is told (for the log), once: the 429s of requests that were in flight,
    /// each extending it a little, are not told again; a short one is not told at all.
    @Test func aLongPauseIsToldOnce() async throws {
        let clock = ManualClock()
        let pauses = RateChanges()
        let limiter = RateLimiter(
            limits: RateLimits(), clock: clock, onPause: { seconds, reason in pauses.append(seconds, reason) })
        await limiter.pause(for: 5)
        #expect(pauses.all.isEmpty)
        await limiter.pause(for: 3600, because: "HTTP 429 with retry-after")
        await limiter.pause(for: 3600.5, because: "HTTP 429 with retry-after")
        #expect(pauses.all.map(\.reason) == ["HTTP 429 with retry-after"])
        #expect(pauses.all.first?.rate == 3600)
        try await limiter.acquire(inputTokens: 1, outputTokens: 1)
        // Nothing remaining of a limit of one a minute, until a reset an hour away: the next request waits the
        // hour's cap, and says why.
        let received = Date(timeIntervalSince1970: 1_800_000_000)
        await limiter.observe(
            headers: [
                "anthropic-ratelimit-requests-limit": "1", "anthropic-ratelimit-requests-remaining": "0",
                "anthropic-ratelimit-requests-reset": ISO8601DateFormatter().string(from: received.addingTimeInterval(7200)),
            ], receivedAt: received)
        #expect(pauses.all.count == 2)
        #expect(pauses.all.last?.reason == "anthropic-ratelimit-requests-remaining: 0 until the reset")
    }

    @Test func waitingRespectsCancellation() async throws {
        let clock = ManualClock(autoAdvance: false)
        let limiter = RateLimiter(limits: RateLimits(), clock: clock)
        await limiter.pause(for: 3600)
        let task = Task { try await limiter.acquire(inputTokens: 1, outputTokens: 1) }
        for _ in 0..<100_000 where clock.sleeperCount == 0 { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}

/// The rate changes a limiter reported.
final class RateChanges: @unchecked Sendable {
    private let lock = NSLock()
    private var changes: [(rate: Double, reason: String)] = []

    func append(_ rate: Double, _ reason: String) { lock.withLock { changes.append((rate, reason)) } }
    var all: [(rate: Double, reason: String)] { lock.withLock { changes } }
}
