import Foundation
import Synchronization
import TicketModel
import TicketDatabase
import TicketImport

/// The Message Batches endpoints (`/v1/messages/batches`): create, retrieve, list, cancel and results.
/// Answers go through the same `ResponsePolicy` as the Messages API's: reads are retried on connection errors
/// and retryable statuses (honouring `retry-after`); a create only where the API says nothing was created.
public final class MessageBatchClient<C: Clock>: Sendable where C.Duration == Duration {
    public let configuration: AnthropicConfiguration
    private let transport: any HTTPTransport
    private let clock: C
    private let random: Mutex<SeededGenerator>
    private let onLongWait: (@Sendable (_ seconds: Double, _ problem: String) -> Void)?

    /// - Parameter onLongWait: told before a retry waits as long as the rate limiter's noticeable pause (30 s) or
    ///   longer (a `retry-after` of up to an hour), with the answer that asked for it, for the log.
    public init(
        configuration: AnthropicConfiguration, transport: any HTTPTransport, clock: C,
        seed: UInt64 = UInt64.random(in: 0...UInt64.max),
        onLongWait: (@Sendable (_ seconds: Double, _ problem: String) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.transport = SecretScrubbingTransport(transport, secret: configuration.apiKey)
        self.clock = clock
        random = Mutex(SeededGenerator(seed: seed))
        self.onLongWait = onLongWait
    }

    /// Sleeps before the next attempt; a long wait is told first.
    private func wait(_ seconds: Double, after problem: String) async throws {
        if seconds >= RateLimiter<C>.noticeablePause { onLongWait?(seconds, problem) }
        try await clock.sleep(for: .milliseconds(Int64(seconds * 1000)))
    }

    private var batchesURL: URL { configuration.baseURL.appendingPathComponent("v1/messages/batches") }

    /// Submits a batch; `bodyFile` holds the `{"requests": [...]}` document, uploaded from disk.
    public func create(bodyFile: URL) async throws -> MessageBatch {
        let request = HTTPRequest(
            url: batchesURL, method: "POST", headers: MessageParameters.headers(configuration), body: Data())
        var attempt = 0
        while true {
            attempt += 1
            let response: HTTPResponse
            do {
                response = try await transport.upload(request, fromFile: bodyFile)
            } catch is CancellationError {
                throw MessageBatchError.unknownOutcome("cancelled while submitting")
            } catch {
                // The request may have arrived: only the API's list can tell.
                throw MessageBatchError.unknownOutcome("connection: \(error.localizedDescription)")
            }
            let message = AnthropicResponseParser.errorMessage(response.body)
            switch policy.decide(
                status: response.status, message: message, retryAfter: response.retryAfterSeconds, attempt: attempt,
                creates: true, jitter: jitter())
            {
            case .success: return try decode(response.body)
            case .retry(let seconds, _): try await wait(seconds, after: "HTTP \(response.status): \(message)")
            case .fatal(let error): throw error
            case .outcomeUnknown(let reason): throw MessageBatchError.unknownOutcome(reason)
            case .fail(let reason):
                if ResponsePolicy.isRetryable(response.status) { throw MessageBatchError.gaveUp(reason) }
                // No batches endpoint where the request went: the base URL is at fault, not the batch.
                let detail =
                    response.status == 404
                    ? [message, "check \(configuration.baseURLAdvice)"].filter { !$0.isEmpty }.joined(separator: "; ")
                    : message
                throw MessageBatchError.rejected(status: response.status, message: detail)
            }
        }
    }

    public func retrieve(_ id: String) async throws -> MessageBatch {
        try decode(
            try await read(
                HTTPRequest(url: batchesURL.appendingPathComponent(id), method: "GET", headers: headers, body: Data()),
                id: id
            ).body)
    }

    public func cancel(_ id: String) async throws -> MessageBatch {
        let request = HTTPRequest(
            url: batchesURL.appendingPathComponent(id).appendingPathComponent("cancel"), method: "POST",
            headers: headers, body: Data())
        return try decode(try await read(request, id: id).body)
    }

    /// Batches created at or after `since`, newest first (the API's order), across pages.
    public func list(createdSince since: Date) async throws -> [MessageBatch] {
        var batches: [MessageBatch] = []
        var afterID: String?
        while true {
            var components = URLComponents(url: batchesURL, resolvingAgainstBaseURL: false)!
            components.queryItems =
                [URLQueryItem(name: "limit", value: "100")]
                + (afterID.map { [URLQueryItem(name: "after_id", value: $0)] } ?? [])
            let response = try await read(
                HTTPRequest(url: components.url!, method: "GET", headers: headers, body: Data()), id: "list")
            guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
                let data = object["data"] as? [[String: Any]]
            else { throw MessageBatchError.malformedAnswer("the batch list is not a JSON object with a list of batches") }
            let page = try data.map { try decode(try JSONSerialization.data(withJSONObject: $0)) }
            batches += page
            let older = page.contains { ($0.createdAt ?? .distantFuture) < since }
            guard object["has_more"] as? Bool == true, !older, let last = object["last_id"] as? String ?? page.last?.id
            else { break }
            afterID = last
        }
        return batches.filter { ($0.createdAt ?? .distantFuture) >= since }
    }

    /// Writes the batch's results (JSONL) to `file`. Only the API's own host gets the key: a `results_url`
    /// elsewhere is ignored in favour of the documented path.
    public func downloadResults(of batch: MessageBatch, to file: URL) async throws {
        var url = batchesURL.appendingPathComponent(batch.id).appendingPathComponent("results")
        if let given = batch.resultsURL.flatMap(URL.init(string:)), given.host == configuration.baseURL.host,
            given.port == configuration.baseURL.port
        {
            url = given
        }
        _ = try await read(HTTPRequest(url: url, method: "GET", headers: headers, body: Data()), id: batch.id, to: file)
    }

    private var headers: [String: String] {
        var headers = MessageParameters.headers(configuration)
        headers["content-type"] = nil
        return headers
    }

    /// An idempotent request, retried on transient failures.
    private func read(_ request: HTTPRequest, id: String, to file: URL? = nil) async throws -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            let response: HTTPResponse
            do {
                if let file {
                    response = try await transport.download(request, to: file)
                } else {
                    response = try await transport.send(request)
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                switch policy.decide(
                    status: nil, message: error.localizedDescription, retryAfter: nil, attempt: attempt, jitter: jitter())
                {
                case .retry(let seconds, _): try await wait(seconds, after: "connection: \(error.localizedDescription)")
                case .fail(let reason), .outcomeUnknown(let reason): throw MessageBatchError.gaveUp(reason)
                case .fatal(let error): throw error
                case .success: throw MessageBatchError.gaveUp("connection: \(error.localizedDescription)")
                }
                continue
            }
            if response.status == 404 { throw MessageBatchError.notFound(id) }
            let message = AnthropicResponseParser.errorMessage(response.body)
            switch policy.decide(
                status: response.status, message: message, retryAfter: response.retryAfterSeconds, attempt: attempt,
                jitter: jitter())
            {
            case .success: return response
            case .retry(let seconds, _): try await wait(seconds, after: "HTTP \(response.status): \(message)")
            case .fatal(let error): throw error
            case .fail(let reason), .outcomeUnknown(let reason):
                throw ResponsePolicy.isRetryable(response.status)
                    ? MessageBatchError.gaveUp(reason) : MessageBatchError.rejected(status: response.status, message: message)
            }
        }
    }

    private var policy: ResponsePolicy { configuration.responses }

    /// A backoff factor in [0.5, 1) from the seeded generator.
    private func jitter() -> Double {
        random.withLock { Double.random(in: 0.5..<1, using: &$0) }
    }

    private func decode(_ body: Data) throws -> MessageBatch {
        do {
            return try JSONDecoder().decode(MessageBatch.self, from: body)
        } catch {
            throw MessageBatchError.malformedAnswer(
                "not a message batch: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
    }
}
