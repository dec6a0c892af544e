import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketClassification

/// A server that quotes the request's headers back (a gateway's error page, an echo service a mistyped base URL
/// reaches) never gets the API key into an error, a log line or the calls table.
@Suite struct SecretScrubbingTransportTests {
    static let key = "sk-ant-api03-0123456789abcdef"
    let clock = ManualClock()
    let request = ClassificationRequest(ticketID: 1, externalID: "T-1", title: "Refund", description: "Charged twice")

    /// Answers every request with `status` and a body quoting its `x-api-key` header twice.
    struct EchoingTransport: HTTPTransport {
        var status: Int
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let key = request.headers["x-api-key"] ?? ""
            let body = status == 200
                ? #"{"content":[{"type":"text","text":"x-api-key: \#(key), again \#(key)"}],"usage":{"input_tokens":1,"output_tokens":1}}"#
                : #"{"type":"error","error":{"type":"invalid_request_error","message":"bad header x-api-key=\#(key) (\#(key))"}}"#
            return HTTPResponse(status: status, headers: ["x-echo": "key=\(key)"], body: Data(body.utf8))
        }
    }

    func classifier(_ status: Int) -> AnthropicClassifier<ManualClock> {
        var configuration = AnthropicConfiguration(apiKey: Self.key)
        configuration.baseURL = URL(string: "http://127.0.0.1:9")!
        return AnthropicClassifier(
            configuration: configuration, transport: EchoingTransport(status: status),
            limiter: RateLimiter(limits: RateLimits(), clock: clock), clock: clock, seed: 7)
    }

    @Test(arguments: [200, 400, 401])
    func aQuotedKeyNeverReachesTheCallsOrTheErrors(status: Int) async throws {
        let outcome = await classifier(status).classify(request)
        #expect(!outcome.calls.isEmpty)
        let recorded = outcome.calls.map { "\($0.error ?? "") \($0.rawAnswer ?? "")" }.joined(separator: "\n")
            + "\(outcome.result) \(outcome.fatal.map { "\($0)" } ?? "")"
        #expect(!recorded.contains(Self.key), "\(recorded)")
        #expect(recorded.contains("[api key]"), "\(recorded)")
    }

    @Test func aBatchRefusalQuotingTheKeyDoesNotRepeatIt() async throws {
        let directory = try TemporaryDirectory()
        let body = URL(fileURLWithPath: try directory.write("batch.json", #"{"requests":[]}"#))
        var configuration = AnthropicConfiguration(apiKey: Self.key)
        configuration.baseURL = URL(string: "http://127.0.0.1:9")!
        let client = MessageBatchClient(configuration: configuration, transport: EchoingTransport(status: 400), clock: clock, seed: 1)
        let error = try await #require(throws: MessageBatchError.self) { try await client.create(bodyFile: body) }
        #expect(error == .rejected(status: 400, message: "bad header x-api-key=[api key] ([api key])"), "\(error)")
    }

    @Test func headersAreScrubbedAndAShortKeyMatchesNothing() async throws {
        let scrubbed = try await SecretScrubbingTransport(EchoingTransport(status: 400), secret: Self.key)
            .send(HTTPRequest(url: URL(string: "http://127.0.0.1:9")!, method: "POST", headers: ["x-api-key": Self.key], body: Data()))
        #expect(scrubbed.headers["x-echo"] == "key=[api key]")
        // A key under eight bytes would match ordinary text (a test's "k"): left as it is.
        let short = try await SecretScrubbingTransport(EchoingTransport(status: 400), secret: "k")
            .send(HTTPRequest(url: URL(string: "http://127.0.0.1:9")!, method: "POST", headers: ["x-api-key": "k"], body: Data()))
        #expect(short.headers["x-echo"] == "key=k")
    }
}
