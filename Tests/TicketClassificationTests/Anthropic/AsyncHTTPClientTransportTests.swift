import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketClassification

/// The production transport against a real HTTP server on 127.0.0.1: what goes out, what comes back, files
/// streamed both ways, and the deadline that bounds a request whole.
@Suite struct AsyncHTTPClientTransportTests {
    /// A server with the routes below; stopped by `body`'s end.
    func withServer(_ body: (URL) async throws -> Void) async throws {
        let server = try await LoopbackHTTPServer { request in
            switch (request.method, request.path) {
            case ("POST", "/echo"):
                return .init(
                    status: 201,
                    headers: [
                        "X-Seen-Key": request.headers["x-api-key"] ?? "none",
                        "X-Seen-Length": request.headers["content-length"] ?? "none", "Retry-After": "3",
                    ],
                    body: request.body)
            case ("GET", "/echo"): return .init(status: 200, body: Data("GET \(request.body.count)".utf8))
            case ("GET", "/large"): return .init(status: 200, body: Self.large)
            case ("GET", "/missing"): return .init(status: 404, body: Data(#"{"error":"not here"}"#.utf8))
            case ("GET", "/slow"): return .init(status: 200, delay: .seconds(3600))
            // A byte every 200 ms: five and a half hours.
            case ("GET", "/drip"):
                return .init(
                    status: 200, body: Data(repeating: UInt8(ascii: "a"), count: 100_000), drip: .milliseconds(200))
            default: return .init(status: 404)
            }
        }
        do {
            try await body(URL(string: server.baseURL)!)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static let large = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 12) })

    /// A transport whose deadline no test here is about (see `theDeadlineBoundsTheWholeRequest`): an upload's body
    /// is read on the cooperative pool, which the whole suite's synchronous tests (each waiting for a process) can
    /// hold for minutes on two cores; with the default 120 s, CI once saw "no complete answer within 120 s".
    static func transport(maximumConnections: Int) -> AsyncHTTPClientTransport {
        AsyncHTTPClientTransport(maximumConnections: maximumConnections, timeout: 3600)
    }

    @Test func sendsHeadersAndBodyAndReadsTheAnswer() async throws {
        try await withServer { base in
            let transport = Self.transport(maximumConnections: 4)
            let response = try await transport.send(
                HTTPRequest(
                    url: base.appendingPathComponent("echo"), headers: ["x-api-key": "k1"],
                    body: Data("ticket text".utf8)))
            #expect(response.status == 201)
            #expect(response.body == Data("ticket text".utf8))
            #expect(response.headers["x-seen-key"] == "k1")
            #expect(response.headers["x-seen-length"] == "11")
            #expect(response.retryAfterSeconds == 3)
            let get = try await transport.send(
                HTTPRequest(
                    url: base.appendingPathComponent("echo"), method: "GET", headers: [:], body: Data("ignored".utf8)))
            #expect(String(decoding: get.body, as: UTF8.self) == "GET 0")
        }
    }

    @Test func manyRequestsAtOnceAllAnswered() async throws {
        try await withServer { base in
            let transport = Self.transport(maximumConnections: 16)
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        let response = try await transport.send(
                            HTTPRequest(
                                url: base.appendingPathComponent("echo"), headers: [:], body: Data("\(index)".utf8)))
                        return String(decoding: response.body, as: UTF8.self)
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(bodies == Set((0..<64).map(String.init)))
        }
    }

    @Test func downloadsASuccessfulBodyToTheFileAndAnErrorIntoTheResponse() async throws {
        let directory = try TemporaryDirectory()
        try await withServer { base in
            let transport = Self.transport(maximumConnections: 2)
            let file = directory.url.appendingPathComponent("results.jsonl")
            try Data("stale".utf8).write(to: file)
            let response = try await transport.download(
                HTTPRequest(url: base.appendingPathComponent("large"), method: "GET", headers: [:], body: Data()),
                to: file)
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(try Data(contentsOf: file) == Self.large)
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "results hold what the model said about customers' tickets")

            let missing = directory.url.appendingPathComponent("missing.jsonl")
            let error = try await transport.download(
                HTTPRequest(url: base.appendingPathComponent("missing"), method: "GET", headers: [:], body: Data()),
                to: missing)
            #expect(error.status == 404)
            #expect(String(decoding: error.body, as: UTF8.self) == #"{"error":"not here"}"#)
            #expect(!FileManager.default.fileExists(atPath: missing.path))
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == ["results.jsonl"])
        }
    }

    @Test func uploadsAFileWholeWithItsLength() async throws {
        let directory = try TemporaryDirectory()
        try await withServer { base in
            let file = directory.url.appendingPathComponent("requests.json")
            try Self.large.write(to: file)
            let response = try await Self.transport(maximumConnections: 2).upload(
                HTTPRequest(url: base.appendingPathComponent("echo"), headers: ["x-api-key": "k2"], body: Data()),
                fromFile: file)
            #expect(response.status == 201)
            #expect(response.headers["x-seen-length"] == "\(Self.large.count)")
            #expect(response.body == Self.large)
        }
    }

    /// Neither a server that never answers nor one that drips its body holds a run past the deadline.
    @Test(arguments: ["slow", "drip"])
    func theDeadlineBoundsTheWholeRequest(path: String) async throws {
        try await withServer { base in
            let transport = AsyncHTTPClientTransport(maximumConnections: 2, timeout: 1)
            // The answer would take an hour (slow) or five and a half (drip).
            await #expect(throws: HTTPTransportError("no complete answer within 1 s")) {
                try await transport.send(
                    HTTPRequest(url: base.appendingPathComponent(path), method: "GET", headers: [:], body: Data()))
            }
        }
    }

    /// Cancelling the caller cancels the request under way (the deadline's timer runs the request in a task
    /// of its own): a cancellation, not an error of the connection, and not after the deadline.
    @Test(.timeLimit(.minutes(1))) func cancellingTheCallerCancelsTheRequest() async throws {
        try await withServer { base in
            let transport = AsyncHTTPClientTransport(maximumConnections: 2, timeout: 3600)
            let request = Task {
                try await transport.send(HTTPRequest(url: base.appendingPathComponent("slow"), method: "GET", headers: [:], body: Data()))
            }
            try await Task.sleep(for: .milliseconds(200))
            request.cancel()
            await #expect(throws: CancellationError.self) { try await request.value }
        }
    }

    /// A refused connection is an error naming what happened, never the URL's path, for the response policy
    /// to retry.
    @Test func aRefusedConnectionIsAnErrorWithItsReason() async throws {
        let transport = AsyncHTTPClientTransport(maximumConnections: 1, timeout: 600)
        do {
            _ = try await transport.send(
                HTTPRequest(url: URL(string: "http://127.0.0.1:1/secret-token")!, headers: [:], body: Data()))
            Issue.record("a request to a closed port succeeded")
        } catch let error as HTTPTransportError {
            #expect(error.message == "Connection refused")
            #expect(!error.reachedServer, "a refused connection sent nothing")
            #expect(error.localizedDescription == error.message)
            #expect(!error.message.contains("secret-token"))
        }
    }
}
