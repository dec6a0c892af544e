import Foundation
import TicketModel

/// What to do with an answer of the Anthropic API, one policy for the Messages and the Message Batches
/// endpoints: which statuses are retried (as Anthropic's SDKs do: connection errors, 408, 409, 429 and 5xx),
/// how long to wait (the server's `retry-after`, else exponential backoff with jitter), and which answers stop
/// the whole run (a rejected key, a spent account). A value type, so every rule is tested with explicit inputs.
public struct ResponsePolicy: Sendable, Equatable {
    /// What the caller does next.
    public enum Decision: Sendable, Equatable {
        case success
        /// Wait `seconds`, then try again; with `pauseEveryone`, every request waits (a 429 is about the
        /// account, not this request).
        case retry(seconds: Double, pauseEveryone: Bool)
        /// Stop the run: nothing after this can succeed.
        case fatal(ClassificationError)
        /// This request failed for good (a client error, or the attempts are used up).
        case fail(reason: String)
        /// A request that creates something failed in a way that leaves unknown whether it was created:
        /// only the API's list can tell.
        case outcomeUnknown(reason: String)
    }

    /// Attempts per request for retryable failures. Default 6.
    public var maxAttempts = 6
    /// First backoff delay in seconds, doubling per attempt, up to `maximumBackoff`. Defaults 0.5 and 30.
    public var initialBackoff = 0.5
    public var maximumBackoff = 30.0
    /// The longest wait a retry may take: a `retry-after` beyond it fails the request instead. Nil (the default):
    /// a run waits what the server says, up to an hour.
    public var maximumWait: Double?

    public init(maxAttempts: Int = 6, initialBackoff: Double = 0.5, maximumBackoff: Double = 30, maximumWait: Double? = nil) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.maximumWait = maximumWait
    }

    /// For one request someone is waiting for (`suggest`): three attempts, as Anthropic's SDKs make by default,
    /// and no wait beyond 30 s (the SDKs ignore a retry-after over a minute): an answer now, or an error saying why.
    public static let interactive = ResponsePolicy(maxAttempts: 3, initialBackoff: 0.5, maximumBackoff: 8, maximumWait: 30)

    /// Statuses worth another attempt: timeouts, conflicts, rate limits, server errors and overload (529).
    public static func isRetryable(_ status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || (500..<600).contains(status)
    }

    /// Statuses with which the API says it created nothing, so that even a create may be sent again.
    public static func createdNothing(_ status: Int) -> Bool { status == 429 || status == 529 }

    /// Decides after attempt number `attempt` (1-based).
    ///
    /// - Parameters:
    ///   - status: the HTTP status, or nil when the connection failed before an answer.
    ///   - message: the API's error message (`error.message` of its body), or a connection error's description.
    ///   - retryAfter: the `retry-after` header in seconds, if the answer had one.
    ///   - creates: true for a request that creates something (a batch), which is retried only where the API
    ///     says it created nothing.
    ///   - jitter: a random factor in [0.5, 1) from the caller's seeded generator.
    public func decide(
        status: Int?, message: String, retryAfter: Double?, attempt: Int, creates: Bool = false, jitter: Double
    ) -> Decision {
        let problem = status.map { "HTTP \($0): \(message)" } ?? "connection: \(message)"
        guard let status else {
            if creates { return .outcomeUnknown(reason: problem) }
            return retry(problem, attempt: attempt, retryAfter: nil, pauseEveryone: false, jitter: jitter)
        }
        switch status {
        case 200..<300:
            return .success
        case 401:
            return .fatal(.unauthorized(message))
        case 429 where Self.isSpendLimit(message):
            return .fatal(.spendLimitReached(message))
        case _ where Self.isRetryable(status):
            if creates, !Self.createdNothing(status) { return .outcomeUnknown(reason: problem) }
            return retry(problem, attempt: attempt, retryAfter: retryAfter, pauseEveryone: status == 429, jitter: jitter)
        default:
            return .fail(reason: problem)
        }
    }

    /// The wait before attempt `attempt + 1`: initialBackoff · 2^(attempt−1), capped at maximumBackoff, times
    /// `jitter`.
    public func backoff(attempt: Int, jitter: Double) -> Double {
        min(maximumBackoff, initialBackoff * pow(2, Double(max(0, attempt - 1)))) * jitter
    }

    private func retry(_ problem: String, attempt: Int, retryAfter: Double?, pauseEveryone: Bool, jitter: Double)
        -> Decision
    {
        guard attempt < maxAttempts else { return .fail(reason: "gave up after \(attempt) attempts: \(problem)") }
        if let maximumWait, let retryAfter, retryAfter > maximumWait {
            // Said, never converted beyond an hour: `1e300` or `inf` is a header's text too, and would trap.
            let asked = retryAfter > 3600 ? "more than an hour" : "\(Int(retryAfter.rounded())) s"
            return .fail(reason: "\(problem) (the server asks to wait \(asked): try again later)")
        }
        // A retry-after beyond the backoff cap is the server's word, but a negative or absurd one is not.
        let wait = retryAfter.map { min(max(0, $0), 3600) } ?? backoff(attempt: attempt, jitter: jitter)
        return .retry(seconds: wait, pauseEveryone: pauseEveryone)
    }

    /// A 429 that no waiting cures: the account's spend limit or credit balance.
    static func isSpendLimit(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return lowered.contains("spend") || lowered.contains("credit balance")
    }
}
