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
        // Evenly paced: after the first second's burst, one request every half second.
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

    @Test func headersTightenTheBudgetAndAnExhaustedOnePausesUntilItsReset() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limits: RateLimits(), clock: clock)
        let received = Date(timeIntervalSince1970: 1_800_000_000)
        await limiter.observe(
            headers: [
                "anthropic-ratelimit-requests-limit": "30",
                "anthropic-ratelimit-input-tokens-remaining": "0",
                "anthropic-ratelimit-input-tokens-reset": ISO8601DateFormatter().string(from: received.addingTimeInterval(12)),
            ], receivedAt: received)
        let snapshot = await limiter.snapshot
        #expect(snapshot.requests.ratePerSecond == 0.5)
        #expect(abs(snapshot.pausedUntil - 12) < 0.001)
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
