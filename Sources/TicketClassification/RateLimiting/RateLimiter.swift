import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Admits requests within the requests, input-token and output-token budgets, evenly paced, and pauses the
/// whole pool when the server says so (a 429's `retry-after`, or nothing remaining until a reset).
///
/// The logic lives in `TokenBucket` values; this actor only serialises access and sleeps on the injected
/// clock, so tests drive it with a manual clock and never sleep for real. Waiting respects cancellation.
public actor RateLimiter<C: Clock> where C.Duration == Duration {
    private let clock: C
    private let origin: C.Instant
    private var requests: TokenBucket
    private var inputTokens: TokenBucket
    private var outputTokens: TokenBucket
    private var pausedUntil: Double = 0

    public init(limits: RateLimits, clock: C) {
        self.clock = clock
        origin = clock.now
        requests = .perMinute(limits.requestsPerMinute, now: 0)
        inputTokens = .perMinute(limits.inputTokensPerMinute, now: 0)
        outputTokens = .perMinute(limits.outputTokensPerMinute, now: 0)
    }

    /// Seconds since the limiter was made, on its clock.
    private var now: Double {
        let elapsed = origin.duration(to: clock.now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Waits until one request with these token estimates may be sent, then reserves them.
    public func acquire(inputTokens input: Int, outputTokens output: Int) async throws {
        while true {
            try Task.checkCancellation()
            let current = now
            let wait = max(
                pausedUntil - current,
                requests.delay(for: 1, now: current),
                inputTokens.delay(for: Double(input), now: current),
                outputTokens.delay(for: Double(output), now: current))
            if wait <= 0 {
                requests.take(1, now: current)
                inputTokens.take(Double(input), now: current)
                outputTokens.take(Double(output), now: current)
                return
            }
            try await clock.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up))))
        }
    }

    /// Returns the difference between a request's estimate and what it used.
    public func settle(estimatedOutput: Int, actualOutput: Int, estimatedInput: Int, actualInput: Int) {
        let current = now
        if actualOutput < estimatedOutput { outputTokens.refund(Double(estimatedOutput - actualOutput), now: current) }
        if actualOutput > estimatedOutput { outputTokens.take(Double(actualOutput - estimatedOutput), now: current) }
        if actualInput < estimatedInput { inputTokens.refund(Double(estimatedInput - actualInput), now: current) }
        if actualInput > estimatedInput { inputTokens.take(Double(actualInput - estimatedInput), now: current) }
    }

    /// Stops every request for `seconds` (a 429's retry-after pauses the pool, not one task).
    public func pause(for seconds: Double) {
        pausedUntil = max(pausedUntil, now + seconds)
    }

    /// Applies the `anthropic-ratelimit-*` headers of a response: tightens the budgets to the server's limits
    /// and, when one says nothing remains, pauses until its reset.
    public func observe(headers: [String: String], receivedAt date: Date) {
        let current = now
        func number(_ name: String) -> Double? { headers[name].flatMap(Double.init) }
        func secondsUntilReset(_ name: String) -> Double? {
            guard let text = headers[name], let reset = ISO8601DateFormatter.lenient(text) else { return nil }
            return reset.timeIntervalSince(date)
        }
        for (kind, bucketKey) in [("requests", 0), ("input-tokens", 1), ("output-tokens", 2)] {
            if let limit = number("anthropic-ratelimit-\(kind)-limit") {
                switch bucketKey {
                case 0: requests.tighten(perMinute: limit, now: current)
                case 1: inputTokens.tighten(perMinute: limit, now: current)
                default: outputTokens.tighten(perMinute: limit, now: current)
                }
            }
            if let remaining = number("anthropic-ratelimit-\(kind)-remaining"), remaining <= 0,
                let wait = secondsUntilReset("anthropic-ratelimit-\(kind)-reset"), wait > 0
            {
                pausedUntil = max(pausedUntil, current + wait)
            }
        }
    }

    /// For tests and the progress line: the current budgets.
    public var snapshot: (requests: TokenBucket, input: TokenBucket, output: TokenBucket, pausedUntil: Double) {
        (requests, inputTokens, outputTokens, pausedUntil)
    }
}

extension ISO8601DateFormatter {
    /// Parses RFC 3339 with or without fractional seconds.
    static func lenient(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
