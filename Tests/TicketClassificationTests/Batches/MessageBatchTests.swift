import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketClassification

/// A batch as a hostile or broken server may describe it: refused, never a trap.
@Suite struct MessageBatchTests {
    func decode(_ counts: String) throws -> MessageBatch {
        try JSONDecoder().decode(
            MessageBatch.self,
            from: Data(#"{"id":"msgbatch_1","processing_status":"ended","request_counts":\#(counts)}"#.utf8))
    }

    @Test func requestCountsAreRead() throws {
        let batch = try decode(#"{"processing":0,"succeeded":7,"errored":2,"canceled":0,"expired":1}"#)
        #expect(batch.requestCounts.total == 10)
    }

    @Test(arguments: [
        #"{"succeeded":9223372036854775807,"errored":1}"#, #"{"errored":-3}"#, #"{"expired":1e30}"#, #"{"canceled":"2"}"#,
    ])
    func countsOutOfRangeOrOfTheWrongTypeAreAnError(counts: String) {
        #expect(throws: (any Error).self) { try decode(counts) }
    }

    /// A base URL copied with the version at its end sends the create to …/v1/v1/messages/batches: the error says
    /// to leave /v1 out, and an empty refusal shows no dangling colon.
    @Test func aCreateAnsweredNotFoundNamesTheBaseURL() async throws {
        let directory = try TemporaryDirectory()
        let body = URL(fileURLWithPath: try directory.write("batch.json", #"{"requests":[]}"#))
        var configuration = AnthropicConfiguration(apiKey: "k")
        configuration.baseURL = URL(string: "http://127.0.0.1:9/v1")!
        let client = MessageBatchClient(
            configuration: configuration, transport: FakeBatchTransport(api: FakeBatchAPI(expectedKey: "k")),
            clock: ManualClock(), seed: 1)
        do {
            _ = try await client.create(bodyFile: body)
            Issue.record("created a batch at a wrong path")
        } catch let error as MessageBatchError {
            guard case .rejected(404, let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("whose path ends in /v1") && message.contains("leave /v1 out"), "\(message)")
        }
        #expect("\(MessageBatchError.rejected(status: 404, message: ""))" == "the Message Batches API refused the request (HTTP 404)")
    }

    /// A retry that waits minutes (a 429's retry-after) is told before it waits, with the answer that asked for
    /// it; a short one is not.
    @Test func aLongRetryWaitIsTold() async throws {
        let clock = ManualClock()
        let batches = FakeBatchTransport(api: FakeBatchAPI(expectedKey: "k"))
        let transport = FakeAnthropicTransport(clock: clock) { request, index in
            switch index {
            case 0: HTTPResponse(status: 429, headers: ["retry-after": "600"], body: FakeClaude.error(type: "rate_limit_error", message: "slow down"))
            case 1: HTTPResponse(status: 529, headers: ["retry-after": "2"], body: FakeClaude.error(type: "overloaded_error", message: "busy"))
            default: try await batches.send(request)
            }
        }
        let waits = RateChanges()
        let client = MessageBatchClient(
            configuration: AnthropicConfiguration(apiKey: "k"), transport: transport, clock: clock, seed: 1,
            onLongWait: { seconds, problem in waits.append(seconds, problem) })
        let listed = try await client.list(createdSince: Date(timeIntervalSince1970: 0))
        #expect(listed.isEmpty)
        #expect(transport.received.count == 3)
        #expect(waits.all.map(\.rate) == [600])
        #expect(waits.all.map(\.reason) == ["HTTP 429: slow down"])
    }
}
