import Foundation
import Synchronization
import TicketModel
import TicketDatabase
import TicketImport

/// Labels tickets with Claude through the Messages API: a forced tool call whose schema holds the taxonomy,
/// a cached system prompt, answers validated before they become labels, and retries under the rate limiter.
public final class AnthropicClassifier<C: Clock>: TicketClassifier where C.Duration == Duration {
    public let provider = "anthropic"
    public var model: String { configuration.model }
    public var promptVersion: String { ClassificationPrompt.version(for: configuration.taxonomy) }
    public let configuration: AnthropicConfiguration
    public let pricing: ModelPricing?
    private let transport: any HTTPTransport
    private let limiter: RateLimiter<C>
    private let clock: C
    private let random: Mutex<SeededGenerator>
    private let redactor = Redactor()
    /// Whether an answer has shown the prompt prefix read from the cache: from then on the prefix no longer
    /// counts toward the input-tokens limit, so estimates leave it out.
    private let prefixCached = Mutex(false)
    /// The prompt prefix in tokens (system prompt and tool), estimated once.
    private let prefixTokens: Int

    public init(
        configuration: AnthropicConfiguration, transport: any HTTPTransport, limiter: RateLimiter<C>, clock: C,
        seed: UInt64 = UInt64.random(in: 0...UInt64.max)
    ) {
        self.configuration = configuration
        self.transport = SecretScrubbingTransport(transport, secret: configuration.apiKey)
        self.limiter = limiter
        self.clock = clock
        pricing = ModelPricing.forModel(configuration.model)
        prefixTokens = ClassificationPrompt.prefixTokens(configuration.taxonomy)
        random = Mutex(SeededGenerator(seed: seed))
    }

    public func classify(_ request: ClassificationRequest) async -> ClassificationOutcome {
        var calls: [CallRecord] = []
        var invalidAnswers = 0
        let title = configuration.redact ? redactor.redact(request.title) : request.title
        let description = configuration.redact ? redactor.redact(request.description) : request.description
        let body = requestBody(title: title, description: description)
        // What the API counts toward the input-tokens limit: uncached input and cache writes, not cache reads.
        let estimatedInput =
            (prefixCached.withLock { $0 } ? 0 : prefixTokens) + ClassificationPrompt.ticketTokens(title: title, description: description)
        let estimatedOutput = 80
        var attempt = 0
        while attempt < configuration.maxAttempts {
            attempt += 1
            do {
                try await limiter.acquire(inputTokens: estimatedInput, outputTokens: estimatedOutput)
            } catch {
                // Cancelled while waiting: nothing was sent, the ticket stays a candidate.
                return ClassificationOutcome(request: request, result: .failed(reason: "interrupted before sending"), calls: calls)
            }
            // A stopped run sends nothing more; a request under way finishes (see `SendingGate`).
            let gate = SendingGate.current
            guard gate?.beginSending() ?? true else {
                return ClassificationOutcome(request: request, result: .failed(reason: "interrupted before sending"), calls: calls)
            }
            let started = clock.now
            let response: HTTPResponse
            do {
                defer { gate?.endSending() }
                response = try await transport.send(httpRequest(body))
            } catch {
                calls.append(CallRecord(attempt: attempt, latencyMilliseconds: milliseconds(since: started), error: "connection: \(error.localizedDescription)"))
                await limiter.settle(estimatedOutput: estimatedOutput, actualOutput: 0, estimatedInput: estimatedInput, actualInput: 0)
                if HTTPTransportError.neverReachedServer(error) { await limiter.unsent() }
                let decision = configuration.responses.decide(
                    status: nil, message: error.localizedDescription, retryAfter: nil, attempt: attempt, jitter: jitter())
                if case .retry(let seconds, _) = decision, await wait(seconds) { continue }
                break
            }
            let latency = milliseconds(since: started)
            // Resets are the server's times: measured from its `date`, this machine's clock being off changes nothing.
            await limiter.observe(headers: response.headers, receivedAt: response.serverDate ?? Date())
            let requestID = response.headers["request-id"]
            switch response.status {
            case 200:
                let parsed = AnthropicResponseParser.parse(response.body, taxonomy: configuration.taxonomy)
                let usage = parsed.usage ?? .zero
                if usage.cacheReadInputTokens > 0 { prefixCached.withLock { $0 = true } }
                await limiter.settle(
                    estimatedOutput: estimatedOutput, actualOutput: usage.outputTokens, estimatedInput: estimatedInput,
                    actualInput: usage.inputTokens + usage.cacheCreationInputTokens)
                await limiter.succeeded()
                var call = CallRecord(
                    attempt: attempt, httpStatus: 200, latencyMilliseconds: latency, usage: usage,
                    costUSD: pricing?.cost(usage), requestID: requestID)
                switch parsed.result {
                case .success(let label):
                    calls.append(call)
                    return ClassificationOutcome(request: request, result: .labeled(label), calls: calls)
                case .failure(let problem):
                    call.error = problem.description
                    call.rawAnswer = String(decoding: response.body.prefix(8192), as: UTF8.self)
                    call.unusableAnswer = problem.isTheModelsAnswer
                    calls.append(call)
                    invalidAnswers += 1
                    // An invalid answer is retried once; a second one is a failure, never a label.
                    if invalidAnswers < 2 { continue }
                    return ClassificationOutcome(request: request, result: .failed(reason: problem.description), calls: calls)
                }
            default:
                await limiter.settle(estimatedOutput: estimatedOutput, actualOutput: 0, estimatedInput: estimatedInput, actualInput: 0)
                let message = AnthropicResponseParser.errorMessage(response.body)
                var call = CallRecord(
                    attempt: attempt, httpStatus: response.status, latencyMilliseconds: latency, costUSD: 0,
                    requestID: requestID, error: "HTTP \(response.status): \(message)", wasRateLimited: response.status == 429)
                var decision = configuration.responses.decide(
                    status: response.status, message: message, retryAfter: response.retryAfterSeconds, attempt: attempt,
                    jitter: jitter())
                if response.status == 403 || response.status == 404 {
                    // Every ticket would get the same answer: a key without access to the model, or a model or an
                    // endpoint that is not there. The run stops instead of failing ticket after ticket.
                    decision = .fatal(.invalidConfiguration(
                        "the Anthropic API answered HTTP \(response.status) to the Messages request"
                            + (message.isEmpty ? "" : " (\(message))") + ": check the model (\(configuration.model)), "
                            + "the API key's access to it, and \(configuration.baseURLAdvice)"))
                }
                // Only a 429 speaks of the rate; a server error or a client error is no success to speed up on.
                if response.status == 429, case .retry = decision { await limiter.rateLimited() }
                switch decision {
                case .fatal(let error):
                    calls.append(call)
                    return ClassificationOutcome(request: request, result: .failed(reason: call.error!), calls: calls, fatal: error)
                case .retry(let seconds, let pauseEveryone):
                    calls.append(call)
                    if pauseEveryone {
                        // The whole pool waits, not just this task; the limiter's pause covers this one too.
                        await limiter.pause(
                            for: seconds,
                            because: response.retryAfterSeconds == nil
                                ? "HTTP \(response.status), backing off" : "HTTP \(response.status) with retry-after")
                    } else {
                        _ = await wait(seconds)
                    }
                case .fail(let reason), .outcomeUnknown(let reason):
                    call.rawAnswer = String(decoding: response.body.prefix(8192), as: UTF8.self)
                    calls.append(call)
                    return ClassificationOutcome(request: request, result: .failed(reason: reason), calls: calls)
                case .success:
                    calls.append(call)
                    return ClassificationOutcome(request: request, result: .failed(reason: call.error!), calls: calls)
                }
            }
        }
        let reason = calls.last?.error ?? "gave up"
        return ClassificationOutcome(request: request, result: .failed(reason: "gave up after \(calls.count) attempts: \(reason)"), calls: calls)
    }

    /// Sleeps before the next attempt; false when the task was cancelled meanwhile.
    private func wait(_ seconds: Double) async -> Bool {
        guard seconds > 0 else { return !Task.isCancelled }
        do {
            try await clock.sleep(for: .milliseconds(Int64(seconds * 1000)))
            return true
        } catch {
            return false
        }
    }

    /// The request rate pacing runs at now.
    public var effectiveRequestsPerMinute: Double? {
        get async { await limiter.effectiveRequestsPerMinute }
    }

    /// A backoff factor in [0.5, 1) from the seeded generator.
    private func jitter() -> Double {
        random.withLock { generator in Double.random(in: 0.5..<1, using: &generator) }
    }

    private func milliseconds(since start: C.Instant) -> Int {
        let elapsed = start.duration(to: clock.now).components
        return Int(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000)
    }

    /// The request body for already redacted text.
    func requestBody(title: String, description: String) -> Data {
        var configuration = configuration
        configuration.redact = false
        return MessageParameters.encoded(MessageParameters.make(configuration, title: title, description: description))
    }

    private func httpRequest(_ body: Data) -> HTTPRequest {
        HTTPRequest(
            url: configuration.baseURL.appendingPathComponent("v1/messages"),
            headers: MessageParameters.headers(configuration), body: body)
    }
}
