import FlyingFox
import Foundation
import Synchronization
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// A real HTTP server on 127.0.0.1 that speaks enough of the Messages API for end-to-end tests of the
/// built binary: it enforces a requests-per-minute limit over a sliding window (answering 429 with
/// `retry-after` beyond it), checks the headers, and answers by `FakeClaude`'s keywords.
public final class FakeAnthropicServer: Sendable {
    public struct Stats: Sendable {
        public var requests = 0
        public var rateLimited = 0
        public var unauthorized = 0
        public var apiKeysSeen: Set<String> = []
    }

    /// Shared with the route handler (a `Mutex` cannot be captured by value).
    private final class State: Sendable {
        let stats = Mutex(Stats())
        let window = Mutex<[Date]>([])
    }

    private let server: HTTPServer
    private let state = State()
    public let requestsPerMinute: Int
    public let expectedKey: String
    /// The Message Batches API behind `/v1/messages/batches`.
    public let batches: FakeBatchAPI

    /// - Parameters:
    ///   - requestsPerMinute: requests admitted per `window`.
    ///   - window: the sliding window's length in seconds (60 for a real per-minute limit; shorter in tests).
    public init(
        requestsPerMinute: Int = 600, window: TimeInterval = 60, expectedKey: String = "test-key",
        latency: Duration = .milliseconds(20)
    ) async throws {
        self.requestsPerMinute = requestsPerMinute
        self.expectedKey = expectedKey
        let batches = FakeBatchAPI(expectedKey: expectedKey)
        self.batches = batches
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30)
        let state = self.state
        let batchHandler: @Sendable (FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse = { request in
            var headers: [String: String] = [:]
            for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
            var query: [String: String] = [:]
            for item in request.query { query[item.name] = item.value }
            let answer = batches.handle(
                method: request.method.rawValue, path: request.path, query: query, headers: headers, body: try await request.bodyData)
            if answer.lost {
                // The batch exists, but the client is never told: it is killed (or gives up) meanwhile.
                try await Task.sleep(for: .seconds(600))
            }
            var responseHeaders: [HTTPHeader: String] = [:]
            for (name, value) in answer.headers { responseHeaders[HTTPHeader(name)] = value }
            return FlyingFox.HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: ""), headers: responseHeaders, body: answer.body)
        }
        for route in ["POST /v1/messages/batches", "GET /v1/messages/batches", "GET /v1/messages/batches/*", "POST /v1/messages/batches/*"] {
            await server.appendRoute(HTTPRoute(route), handler: batchHandler)
        }
        await server.appendRoute("POST /v1/messages") { request in
            let body = try await request.bodyData
            let key = request.headers[HTTPHeader("x-api-key")] ?? ""
            state.stats.withLock {
                $0.requests += 1
                $0.apiKeysSeen.insert(key)
            }
            guard key == expectedKey, request.headers[HTTPHeader("anthropic-version")] != nil else {
                state.stats.withLock { $0.unauthorized += 1 }
                return HTTPResponse(statusCode: .unauthorized, body: FakeClaude.error(type: "authentication_error", message: "invalid x-api-key"))
            }
            let now = Date()
            let admitted = state.window.withLock { times -> Bool in
                times.removeAll { now.timeIntervalSince($0) >= window }
                guard times.count < requestsPerMinute else { return false }
                times.append(now)
                return true
            }
            guard admitted else {
                state.stats.withLock { $0.rateLimited += 1 }
                return HTTPResponse(
                    statusCode: .tooManyRequests, headers: [HTTPHeader("retry-after"): "1"],
                    body: FakeClaude.error(type: "rate_limit_error", message: "Number of requests has exceeded your per-minute rate limit"))
            }
            try await Task.sleep(for: latency)
            let ticket = FakeClaude.ticket(in: body) ?? ("", "")
            let labels = FakeClaude.labels(title: ticket.title, description: ticket.description)
            return HTTPResponse(
                statusCode: .ok,
                headers: [
                    HTTPHeader("content-type"): "application/json", HTTPHeader("request-id"): "req_fake",
                    // Reported per minute, as the real API does, whatever the test's window.
                    HTTPHeader("anthropic-ratelimit-requests-limit"): String(Int(Double(requestsPerMinute) * 60 / window)),
                ],
                body: FakeClaude.answer(category: labels.category, priority: labels.priority))
        }
        let server = self.server
        Task { try? await server.run() }
        // Generous: in a parallel test run on two cores, CPU-bound tests can hold the cooperative thread
        // pool for a minute or more before the server's task gets to listen.
        try await server.waitUntilListening(timeout: 600)
        batches.setBaseURL(await baseURL)
    }

    /// `http://127.0.0.1:PORT`, for `ANTHROPIC_BASE_URL`.
    public var baseURL: String {
        get async {
            guard case .ip4(_, let port) = await server.listeningAddress else { return "" }
            return "http://127.0.0.1:\(port)"
        }
    }

    public var snapshot: Stats { state.stats.withLock { $0 } }

    public func stop() async { await server.stop() }
}
