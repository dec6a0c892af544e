import Testing

@testable import TicketClassification
@testable import TicketModel

/// One response policy for Messages and Message Batches, decided from explicit inputs.
@Suite struct ResponsePolicyTests {
    let policy = ResponsePolicy(maxAttempts: 4, initialBackoff: 0.5, maximumBackoff: 3)

    func decide(
        _ status: Int?, _ message: String = "boom", retryAfter: Double? = nil, attempt: Int = 1, creates: Bool = false,
        jitter: Double = 1
    ) -> ResponsePolicy.Decision {
        policy.decide(
            status: status, message: message, retryAfter: retryAfter, attempt: attempt, creates: creates, jitter: jitter)
    }

    @Test(arguments: [200, 201, 204])
    func successIsSuccess(status: Int) {
        #expect(decide(status) == .success)
    }

    /// The statuses Anthropic's SDKs retry, and connection errors; never other client errors.
    @Test(arguments: [408, 409, 429, 500, 502, 503, 504, 529, 599])
    func transientStatusesAreRetried(status: Int) {
        guard case .retry = decide(status) else {
            Issue.record("\(status) is not retried: \(decide(status))")
            return
        }
        #expect(ResponsePolicy.isRetryable(status))
    }

    @Test(arguments: [400, 403, 404, 413, 422])
    func clientErrorsFailAtOnce(status: Int) {
        #expect(decide(status, "bad request") == .fail(reason: "HTTP \(status): bad request"))
        #expect(!ResponsePolicy.isRetryable(status))
    }

    @Test func aConnectionErrorIsRetriedUnlessTheRequestCreatesSomething() {
        #expect(decide(nil, "reset", jitter: 0.5) == .retry(seconds: 0.25, pauseEveryone: false))
        #expect(decide(nil, "reset", creates: true) == .outcomeUnknown(reason: "connection: reset"))
    }

    @Test func aRejectedKeyAndASpentAccountStopTheRun() {
        #expect(decide(401, "invalid x-api-key") == .fatal(.unauthorized("invalid x-api-key")))
        #expect(
            decide(429, "You have reached your specified API usage limits (spend limit)")
                == .fatal(.spendLimitReached("You have reached your specified API usage limits (spend limit)")))
        #expect(
            decide(429, "Your credit balance is too low")
                == .fatal(.spendLimitReached("Your credit balance is too low")))
    }

    @Test func onlyARateLimitPausesEveryRequest() {
        #expect(decide(429, retryAfter: 7) == .retry(seconds: 7, pauseEveryone: true))
        #expect(decide(529, retryAfter: 7) == .retry(seconds: 7, pauseEveryone: false))
        #expect(decide(503) == .retry(seconds: 0.5, pauseEveryone: false))
    }

    @Test func retryAfterWinsOverTheBackoffAndIsKeptSane() {
        #expect(decide(503, retryAfter: 12, attempt: 3) == .retry(seconds: 12, pauseEveryone: false))
        #expect(decide(503, retryAfter: -5) == .retry(seconds: 0, pauseEveryone: false))
        #expect(decide(503, retryAfter: 86_400) == .retry(seconds: 3600, pauseEveryone: false))
    }

    /// With a longest wait (someone is waiting for this one answer), a retry-after beyond it fails the request
    /// at once, saying how long the server asked for; within it, it is honoured.
    @Test func aRetryAfterBeyondTheLongestWaitFails() {
        let interactive = ResponsePolicy.interactive
        #expect(
            interactive.decide(status: 429, message: "slow down", retryAfter: 3600, attempt: 1, jitter: 1)
                == .fail(reason: "HTTP 429: slow down (the server asks to wait 3600 s: try again later)"))
        #expect(
            interactive.decide(status: 429, message: "slow down", retryAfter: 20, attempt: 1, jitter: 1)
                == .retry(seconds: 20, pauseEveryone: true))
        // Absurd waits are said as such; converting them to a whole number of seconds trapped.
        for absurd in [86_400, 1e300, .infinity] {
            #expect(
                interactive.decide(status: 429, message: "slow down", retryAfter: absurd, attempt: 1, jitter: 1)
                    == .fail(reason: "HTTP 429: slow down (the server asks to wait more than an hour: try again later)"))
        }
        #expect(interactive.decide(status: 529, message: "overloaded", retryAfter: nil, attempt: 3, jitter: 1)
            == .fail(reason: "gave up after 3 attempts: HTTP 529: overloaded"))
    }

    /// initialBackoff · 2^(attempt−1), capped, times the jitter.
    @Test func backoffDoublesUpToItsCapTimesTheJitter() {
        #expect([1, 2, 3, 4].map { policy.backoff(attempt: $0, jitter: 1) } == [0.5, 1, 2, 3])
        #expect(policy.backoff(attempt: 2, jitter: 0.5) == 0.5)
        #expect(decide(500, attempt: 2, jitter: 0.75) == .retry(seconds: 0.75, pauseEveryone: false))
    }

    @Test func theLastAttemptGivesUp() {
        #expect(decide(503, "overloaded", attempt: 4) == .fail(reason: "gave up after 4 attempts: HTTP 503: overloaded"))
        #expect(decide(nil, "reset", attempt: 4) == .fail(reason: "gave up after 4 attempts: connection: reset"))
    }

    /// A create is sent again only where the API says it created nothing; otherwise the batch may exist.
    @Test func aCreateIsRetriedOnlyWhenNothingWasCreated() {
        #expect(decide(429, retryAfter: 2, creates: true) == .retry(seconds: 2, pauseEveryone: true))
        #expect(decide(529, retryAfter: 2, creates: true) == .retry(seconds: 2, pauseEveryone: false))
        #expect(decide(500, creates: true) == .outcomeUnknown(reason: "HTTP 500: boom"))
        #expect(decide(408, creates: true) == .outcomeUnknown(reason: "HTTP 408: boom"))
        #expect(decide(400, "no", creates: true) == .fail(reason: "HTTP 400: no"))
    }
}
