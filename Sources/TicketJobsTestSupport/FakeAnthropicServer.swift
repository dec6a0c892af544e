import Foundation
import Synchronization
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// A real HTTP server on 127.0.0.1 that speaks enough of the Messages API for end-to-end tests of the
/// built binary and the pacing benchmark: it enforces a request limit (and optionally an input-token limit)
/// over a sliding window (answering 429 with `retry-after` beyond it), sends `anthropic-ratelimit-*` headers
/// as the API does (limits per minute, `remaining` in the window, `reset` when it is full again) or none,
/// checks the headers, and answers by `FakeClaude`'s keywords with usage like the API's (the prompt prefix
/// written to the cache once, then read from it).
public final class FakeAnthropicServer: Sendable {
    public struct Stats: Sendable, Codable {
        public var requests = 0
        public var rateLimited = 0
        public var unauthorized = 0
        public var apiKeysSeen: Set<String> = []
        /// Requests being answered at once, now and at the most.
        public var inFlight = 0
        public var maxInFlight = 0
        /// Input tokens counted toward the limit (uncached input and cache writes) of admitted requests.
        public var inputTokens = 0
    }

    /// The prompt prefix's size in tokens, as the fake's usage reports it (written once, then read).
    public static let prefixTokens = 1_500

    /// Shared with the route handler (a `Mutex` cannot be captured by value).
    private final class State: Sendable {
        let stats = Mutex(Stats())
        /// Admitted requests in the window: when, and their input tokens.
        let window = Mutex<[(at: Date, tokens: Int)]>([])
        /// Input tokens left in the token bucket, which refills continuously, and when it was last filled.
        let tokenBucket = Mutex<(level: Double, at: Date)?>(nil)
        /// The same for requests, when they are enforced by a bucket.
        let requestBucket = Mutex<(level: Double, at: Date)?>(nil)
        /// The `date` header of the current second: formatting one costs ~0.1 ms, at hundreds of answers a second.
        let dateHeader = Mutex<(second: Int, text: String)?>(nil)
    }

    private let server: LoopbackHTTPServer
    private let state = State()
    public let requestsPerMinute: Int
    public let expectedKey: String
    /// The Message Batches API behind `/v1/messages/batches`.
    public let batches: FakeBatchAPI

    /// - Parameters:
    ///   - requestsPerMinute: requests admitted per `window`.
    ///   - window: the sliding window's length in seconds (60 for a real per-minute limit; shorter in tests).
    ///   - inputTokensPerWindow: input tokens admitted per `window`, as Anthropic enforces them: a bucket of that
    ///     size, refilled continuously over `window`; nil: not enforced.
    ///   - sendsRateLimitHeaders: whether answers carry the `anthropic-ratelimit-*` headers.
    ///   - requestBucket: enforce requests as the API does, by a bucket of `requestsPerMinute` refilled
    ///     continuously over `window`, instead of a sliding window (which refuses any burst beyond it).
    ///   - refuses: the tickets (by title) the model refuses to label: answered with `stop_reason` "refusal" and no
    ///     tool call, paid for as any answer.
    public init(
        requestsPerMinute: Int = 600, window: TimeInterval = 60, expectedKey: String = "test-key",
        latency: Duration = .milliseconds(20), inputTokensPerWindow: Int? = nil, sendsRateLimitHeaders: Bool = true,
        requestBucket: Bool = false, refuses: (@Sendable (_ title: String) -> Bool)? = nil
    ) async throws {
        self.requestsPerMinute = requestsPerMinute
        self.expectedKey = expectedKey
        let batches = FakeBatchAPI(expectedKey: expectedKey)
        self.batches = batches
        let state = self.state
        let messages: LoopbackHTTPServer.Handler = { request in
            let body = request.body
            let key = request.headers["x-api-key"] ?? ""
            state.stats.withLock {
                $0.requests += 1
                $0.apiKeysSeen.insert(key)
            }
            guard key == expectedKey, request.headers["anthropic-version"] != nil else {
                state.stats.withLock { $0.unauthorized += 1 }
                return .init(
                    status: 401, body: FakeClaude.error(type: "authentication_error", message: "invalid x-api-key"))
            }
            let now = Date()
            let ticket = FakeClaude.ticket(in: body) ?? ("", "")
            let first = state.stats.withLock { $0.requests == 1 }
            // What the API counts toward the input-tokens limit: the ticket, and the prefix only when written.
            let uncached = max(1, (ticket.title + ticket.description).utf8.count / 4) + 20
            let counted = uncached + (first ? Self.prefixTokens : 0)
            // Input tokens: a bucket of `inputTokensPerWindow`, refilled continuously over the window.
            let (tokensFit, tokensLeft) = state.tokenBucket.withLock { bucket -> (Bool, Int?) in
                guard let capacity = inputTokensPerWindow.map(Double.init) else { return (true, nil) }
                var (level, at) = bucket ?? (capacity, now)
                level = min(capacity, level + now.timeIntervalSince(at) * capacity / window)
                let fits = level >= Double(counted)
                if fits { level -= Double(counted) }
                bucket = (level, now)
                return (fits, Int(level))
            }
            var (admitted, requestsLeft, fullAgain, nextSlot) = state.window.withLock {
                entries -> (Bool, Int, Date, Date) in
                entries.removeAll { now.timeIntervalSince($0.at) >= window }
                let fits = tokensFit && (requestBucket || entries.count < requestsPerMinute)
                if fits { entries.append((now, counted)) }
                return (
                    fits, requestsPerMinute - entries.count, (entries.last?.at ?? now).addingTimeInterval(window),
                    (entries.first?.at ?? now).addingTimeInterval(window)
                )
            }
            if requestBucket, admitted {
                let capacity = Double(requestsPerMinute)
                let refill = capacity / window
                (admitted, requestsLeft, fullAgain, nextSlot) = state.requestBucket.withLock { bucket in
                    var (level, at) = bucket ?? (capacity, now)
                    level = min(capacity, level + now.timeIntervalSince(at) * refill)
                    let fits = level >= 1
                    if fits { level -= 1 }
                    bucket = (level, now)
                    return (
                        fits, Int(level), now.addingTimeInterval((capacity - level) / refill),
                        now.addingTimeInterval(max(0, 1 - level) / refill)
                    )
                }
            }
            if tokensFit, !admitted, inputTokensPerWindow != nil {
                // Refused for its request count: the tokens it took go back.
                state.tokenBucket.withLock { bucket in bucket?.level += Double(counted) }
            }
            var rateHeaders: [String: String] = [:]
            // As every answer of the real API carries it (to the second): the client measures resets from it.
            rateHeaders["date"] = state.dateHeader.withLock { cached in
                let second = Int(now.timeIntervalSince1970)
                if let cached, cached.second == second { return cached.text }
                let text = TicketClassification.HTTPResponse.httpDateFormatter().string(from: now)
                cached = (second, text)
                return text
            }
            if sendsRateLimitHeaders {
                // Reported per minute, as the real API does, whatever the window; `reset` is when it is full again.
                let perMinute = 60 / window
                let reset = ISO8601DateFormatter().string(from: fullAgain)
                rateHeaders["anthropic-ratelimit-requests-limit"] = String(Int(Double(requestsPerMinute) * perMinute))
                rateHeaders["anthropic-ratelimit-requests-remaining"] = String(max(0, requestsLeft))
                rateHeaders["anthropic-ratelimit-requests-reset"] = reset
                rateHeaders["anthropic-ratelimit-input-tokens-limit"] =
                    String(inputTokensPerWindow.map { Int(Double($0) * perMinute) } ?? 400_000)
                rateHeaders["anthropic-ratelimit-output-tokens-limit"] = "80000"
                if let tokensLeft {
                    rateHeaders["anthropic-ratelimit-input-tokens-remaining"] = String(max(0, tokensLeft))
                    rateHeaders["anthropic-ratelimit-input-tokens-reset"] = reset
                }
            }
            guard admitted else {
                state.stats.withLock { $0.rateLimited += 1 }
                var headers = rateHeaders
                headers["retry-after"] = String(max(1, Int(nextSlot.timeIntervalSince(now).rounded(.up))))
                return .init(
                    status: 429, headers: headers,
                    body: FakeClaude.error(
                        type: "rate_limit_error",
                        message: "Number of requests has exceeded your per-minute rate limit"))
            }
            state.stats.withLock {
                $0.inFlight += 1
                $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
                $0.inputTokens += counted
            }
            let labels = FakeClaude.labels(for: body)
            var headers = rateHeaders
            headers["content-type"] = "application/json"
            headers["request-id"] = "req_fake"
            if refuses?(ticket.title) == true {
                let refusal = #"{"type":"message","role":"assistant","content":[],"stop_reason":"refusal","usage":{"input_tokens":"#
                    + "\(uncached),\"output_tokens\":3}}"
                return .init(
                    status: 200, headers: headers, body: Data(refusal.utf8), delay: latency,
                    onSent: { state.stats.withLock { $0.inFlight -= 1 } })
            }
            return .init(
                status: 200, headers: headers,
                body: FakeClaude.answer(
                    category: labels.category, priority: labels.priority, inputTokens: uncached,
                    cacheRead: first ? 0 : Self.prefixTokens, cacheWrite: first ? Self.prefixTokens : 0),
                delay: latency, onSent: { state.stats.withLock { $0.inFlight -= 1 } })
        }
        server = try await LoopbackHTTPServer { request in
            switch (request.method, request.path) {
            case (_, let path) where path.hasPrefix("/v1/messages/batches"):
                let answer = batches.handle(
                    method: request.method, path: request.path, query: request.query, headers: request.headers,
                    body: request.body)
                // A lost answer: the batch exists, but the client is never told (it is killed, or gives up).
                return .init(
                    status: answer.status, headers: answer.headers, body: answer.body, delay: answer.lost ? nil : .zero)
            case ("POST", "/v1/messages"):
                return messages(request)
            case ("GET", "/fake/stats"):
                return .init(status: 200, body: (try? JSONEncoder().encode(state.stats.withLock { $0 })) ?? Data())
            default:
                return .init(status: 404)
            }
        }
        batches.setBaseURL(server.baseURL)
    }

    /// `http://127.0.0.1:PORT`, for `ANTHROPIC_BASE_URL`.
    public var baseURL: String { server.baseURL }

    public var snapshot: Stats { state.stats.withLock { $0 } }

    public func stop() async { await server.stop() }
}
