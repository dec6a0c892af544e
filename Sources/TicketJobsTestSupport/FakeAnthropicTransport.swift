import Foundation
import Synchronization
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// An in-memory Messages API: answers with a scripted responder and records every request it received,
/// with the time on the test's clock.
public final class FakeAnthropicTransport: HTTPTransport {
    public struct Received: Sendable {
        public var request: HTTPRequest
        public var at: Double
    }

    public typealias Responder = @Sendable (_ request: HTTPRequest, _ index: Int) async throws -> HTTPResponse

    private let responder: Responder
    private let clock: ManualClock
    private let log = Mutex<[Received]>([])
    private let latency: Duration

    /// - Parameter responder: defaults to answering every request correctly (by `FakeClaude`'s keywords).
    public init(clock: ManualClock, latency: Duration = .milliseconds(200), responder: Responder? = nil) {
        self.clock = clock
        self.latency = latency
        self.responder = responder ?? { request, _ in FakeAnthropicTransport.correctAnswer(request) }
    }

    public var received: [Received] { log.withLock { $0 } }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let index = log.withLock { log -> Int in
            log.append(Received(request: request, at: clock.elapsedSeconds))
            return log.count - 1
        }
        try await clock.sleep(for: latency)
        return try await responder(request, index)
    }

    public static func correctAnswer(_ request: HTTPRequest) -> HTTPResponse {
        let labels = FakeClaude.labels(for: request.body)
        return HTTPResponse(
            status: 200, headers: ["request-id": "req_\(UUID().uuidString.prefix(8))"],
            body: FakeClaude.answer(category: labels.category, priority: labels.priority))
    }
}
