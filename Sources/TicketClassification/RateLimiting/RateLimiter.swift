import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Admits requests within the requests, input-token and output-token budgets, evenly paced, and pauses the
/// whole pool when the server says so (a 429's `retry-after`).
///
/// The server's word about the account wins: its `anthropic-ratelimit-*-limit` headers set the budgets, up as
/// well as down, capped only by budgets the user gave explicitly. Its `-remaining: 0` holds the next request
/// back by about reset / (limit − remaining), the time one unit takes to come back to a bucket that is full
/// at the reset, not until the reset itself. The request rate adapts to what the server admits
/// (`AdaptivePacer`).
///
/// The logic lives in `TokenBucket` and `AdaptivePacer` values; this actor only serialises access and sleeps
/// on the injected clock, so tests drive it with a manual clock and never sleep for real. Waiting respects
/// cancellation.
public actor RateLimiter<C: Clock> where C.Duration == Duration {
    private let clock: C
    private let origin: C.Instant
    private let limits: RateLimits
    private var requests: TokenBucket
    private var inputTokens: TokenBucket
    private var outputTokens: TokenBucket
    private var pacer: AdaptivePacer
    private var pausedUntil: Double = 0
    /// When requests were admitted, over about the last ten seconds.
    private var sent = RecentInstants()
    private let onRateChange: (@Sendable (_ requestsPerMinute: Double, _ reason: String) -> Void)?
    private let onPause: (@Sendable (_ seconds: Double, _ reason: String) -> Void)?
    /// A pause at least this long (seconds) is told to `onPause`: a run that stops sending for minutes, or an hour
    /// (a retry-after's cap), says so in its log rather than looking hung.
    static var noticeablePause: Double { 30 }

    /// - Parameters:
    ///   - onRateChange: told whenever the pacing rate changes, with why (for the log).
    ///   - onPause: told when the server makes every request wait `noticeablePause` or longer, for how long and why.
    public init(
        limits: RateLimits, clock: C,
        onRateChange: (@Sendable (_ requestsPerMinute: Double, _ reason: String) -> Void)? = nil,
        onPause: (@Sendable (_ seconds: Double, _ reason: String) -> Void)? = nil
    ) {
        self.clock = clock
        self.limits = limits
        self.onRateChange = onRateChange
        self.onPause = onPause
        origin = clock.now
        requests = .perMinute(limits.requestsPerMinute, now: 0)
        inputTokens = .perMinute(limits.inputTokensPerMinute, now: 0)
        outputTokens = .perMinute(limits.outputTokensPerMinute, now: 0)
        pacer = AdaptivePacer(ceiling: limits.requestsPerMinute)
    }

    /// Seconds since the limiter was made, on its clock.
    private var now: Double {
        let elapsed = origin.duration(to: clock.now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The request rate pacing runs at now, in requests per minute.
    public var effectiveRequestsPerMinute: Double { pacer.rate }

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
                sent.append(current)
                sent.forget(before: current - 10)
                requests.take(1, now: current)
                inputTokens.take(Double(input), now: current)
                outputTokens.take(Double(output), now: current)
                return
            }
            // The loop looks again after at most a minute, so no budget's arithmetic reaches a trapping conversion.
            try await clock.sleep(for: .milliseconds(Int64((min(wait, 60) * 1000).rounded(.up))))
        }
    }

    /// Returns the difference between a request's estimate and what it counted against the limits (input:
    /// uncached tokens and cache writes; cache reads do not count).
    public func settle(estimatedOutput: Int, actualOutput: Int, estimatedInput: Int, actualInput: Int) {
        let current = now
        if actualOutput < estimatedOutput { outputTokens.refund(Double(estimatedOutput - actualOutput), now: current) }
        if actualOutput > estimatedOutput { outputTokens.take(Double(actualOutput - estimatedOutput), now: current) }
        if actualInput < estimatedInput { inputTokens.refund(Double(estimatedInput - actualInput), now: current) }
        if actualInput > estimatedInput { inputTokens.take(Double(actualInput - estimatedInput), now: current) }
    }

    /// Gives back a request's place: it never reached the server (a refused connection), so it counted against
    /// none of the limits, and retrying it need not wait for a pacing slot as well as its backoff.
    public func unsent() {
        requests.refund(1, now: now)
    }

    /// Stops every request for `seconds` (a 429's retry-after pauses the pool, not one task); `reason` is for the
    /// log, when the pause is a long one.
    public func pause(for seconds: Double, because reason: String = "rate limited (429)") {
        extendPause(to: now + seconds, because: reason)
    }

    /// Holds every request back until `until`; tells `onPause` when that adds a noticeable wait to the one
    /// already under way (the 429s of requests in flight, each extending it a little, are not told again).
    private func extendPause(to until: Double, because reason: String) {
        let current = now
        let before = max(pausedUntil, current)
        pausedUntil = max(pausedUntil, until)
        if pausedUntil - before >= Self.noticeablePause { onPause?(pausedUntil - current, reason) }
    }

    /// A request was answered (not with a 429): the pacing may speed up.
    public func succeeded() {
        if pacer.succeeded(at: now) { paceAtPacerRate(because: "successes") }
    }

    /// The server answered 429: the pacing slows down, from the rate requests actually went at (another budget
    /// may bind below the request rate).
    public func rateLimited() {
        let current = now
        sent.forget(before: current - 10)
        let actual = sent.oldest.flatMap { oldest in
            sent.count >= 2 ? Double(sent.count - 1) / max(1e-3, current - oldest) * 60 : nil
        }
        if pacer.rateLimited(at: current, sendingAt: actual) { paceAtPacerRate(because: "rate limited (429)") }
    }

    private func paceAtPacerRate(because reason: String) {
        requests.setRate(perMinute: pacer.rate, now: now)
        onRateChange?(pacer.rate, reason)
    }

    /// Applies the `anthropic-ratelimit-*` headers of a response: the limits become the budgets (an explicit
    /// budget of the user's caps them), and a `remaining` of nothing holds the next request back until one unit
    /// has come back. `date` (when the answer was sent, for the resets) is read only when a reset is used:
    /// rarely, and parsing a `date` header costs ~0.1 ms, which every answer would otherwise pay.
    public func observe(headers: [String: String], receivedAt date: @autoclosure @Sendable () -> Date) {
        let current = now
        // A header is the server's word only within reason: NaN, infinities or 10^300 would pace at nothing.
        func number(_ name: String) -> Double? {
            headers[name].flatMap(Double.init).flatMap { $0.isFinite && abs($0) <= 1e12 ? $0 : nil }
        }
        for kind in RateLimits.Kind.allCases {
            let prefix = "anthropic-ratelimit-\(kind.rawValue)"
            let stated = number("\(prefix)-limit").flatMap { $0 > 0 ? $0 : nil }
            if let stated {
                let budget = limits.explicit.contains(kind) ? min(stated, limits[kind]) : stated
                switch kind {
                case .requests:
                    let before = pacer.rate
                    pacer.setCeiling(budget)
                    if pacer.rate != before { paceAtPacerRate(because: "the server's limit") }
                case .inputTokens: inputTokens.setRate(perMinute: budget, now: current)
                case .outputTokens: outputTokens.setRate(perMinute: budget, now: current)
                }
            }
            let limit = stated ?? bucket(kind).ratePerSecond * 60
            guard let remaining = number("\(prefix)-remaining"), remaining <= 0,
                let reset = headers["\(prefix)-reset"].flatMap(ISO8601DateFormatter.lenient)
            else { continue }
            let untilReset = reset.timeIntervalSince(date())
            guard untilReset > 0 else { continue }
            // A bucket that is full again at the reset gives a unit back every reset / (limit - remaining).
            // At most an hour, like a retry-after: a reset in the year 9999 is no reason to wait for ever.
            extendPause(
                to: current + min(3600, untilReset / max(1, limit - remaining)),
                because: "\(prefix)-remaining: 0 until the reset")
        }
    }

    private func bucket(_ kind: RateLimits.Kind) -> TokenBucket {
        switch kind {
        case .requests: requests
        case .inputTokens: inputTokens
        case .outputTokens: outputTokens
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
