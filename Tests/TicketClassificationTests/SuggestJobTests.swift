import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketClassification

@Suite struct SuggestJobTests {
    func suggestion(answering responder: @escaping FakeAnthropicTransport.Responder) async throws
        -> (Result<Suggestion, Error>, requests: Int, waited: Double)
    {
        let clock = ManualClock()
        let transport = FakeAnthropicTransport(clock: clock, responder: responder)
        var classify = ClassifyJob(store: try TicketStore(), environment: ["ANTHROPIC_API_KEY": "sk-ant-test"], logger: LogRecorder().logger())
        classify.provider = .anthropic
        classify.sleepClock = clock
        let started = clock.elapsedSeconds
        let result: Result<Suggestion, Error>
        do {
            result = .success(
                try await SuggestJob(classify: classify).suggest(
                    title: "Charged twice", description: "Refund the duplicate", transport: transport))
        } catch {
            result = .failure(error)
        }
        return (result, transport.received.count, clock.elapsedSeconds - started)
    }

    /// Someone is waiting for this answer: a rate limit asking for an hour fails at once, saying so; it waited
    /// the hour (a retry-after's cap) and then up to five more attempts.
    @Test func aLongRetryAfterFailsAtOnce() async throws {
        let (result, requests, waited) = try await suggestion { _, _ in
            HTTPResponse(status: 429, headers: ["retry-after": "3600"], body: FakeClaude.error(type: "rate_limit_error", message: "slow down"))
        }
        #expect(requests == 1)
        #expect(waited < 5)
        #expect(throws: (any Error).self) { try result.get() }
        if case .failure(let error) = result {
            #expect("\(error)".contains("the server asks to wait 3600 s"), "\(error)")
        }
    }

    /// A short wait is honoured, and an overloaded API is given up on after three attempts, within seconds.
    @Test func aShortWaitIsHonouredAndAttemptsAreFew() async throws {
        let (labeled, requests, waited) = try await suggestion { request, index in
            index == 0
                ? HTTPResponse(status: 429, headers: ["retry-after": "5"], body: FakeClaude.error(type: "rate_limit_error", message: "slow down"))
                : FakeAnthropicTransport.correctAnswer(request)
        }
        #expect(try labeled.get().category == "billing")
        #expect(requests == 2 && waited >= 5)
        let (overloaded, attempts, _) = try await suggestion { _, _ in
            HTTPResponse(status: 529, headers: [:], body: FakeClaude.error(type: "overloaded_error", message: "overloaded"))
        }
        #expect(throws: (any Error).self) { try overloaded.get() }
        #expect(attempts == 3)
    }
}
