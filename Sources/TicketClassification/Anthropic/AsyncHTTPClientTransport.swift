import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import TicketModel

/// The production transport: async-http-client on SwiftNIO, with TLS from BoringSSL compiled in. The release
/// binary then links no libcurl (FoundationNetworking's URLSession needed it on the machine that runs it), and
/// connections are reused, at less CPU and memory per request than URLSession (the README's classify figures).
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    /// The most a request may take in all, body included.
    private let timeout: TimeInterval

    /// The most a response held in memory may be: Claude's answers and a batch's status are a few kilobytes.
    static let maximumBodyInMemory = 64 << 20

    /// - Parameters:
    ///   - maximumConnections: connections kept per host, at least the classification's concurrency, or
    ///     requests queue for one (HTTP/2, where the server offers it, multiplexes on one).
    ///   - timeout: the total deadline of a request, body included: a server that drips a byte every few
    ///     seconds never holds a run for ever.
    ///   - proxy: where requests go through (see `HTTPProxy.forURL`); nil connects directly.
    public init(maximumConnections: Int, timeout: TimeInterval = 120, proxy: HTTPProxy? = nil) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, maximumConnections))
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(Int64(min(timeout, 60))))
        // A refused connection fails at once with its reason; the callers' response policy retries it with
        // backoff (the client's own retries would hold every attempt for the whole 10 s connect timeout).
        configuration.connectionPool.retryConnectionEstablishment = false
        if let proxy {
            let authorization = proxy.username.map {
                HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "")
            }
            configuration.proxy =
                switch proxy.kind {
                case .http: .server(host: proxy.host, port: proxy.port, authorization: authorization)
                case .socks: .socksServer(host: proxy.host, port: proxy.port)
                }
        }
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    deinit {
        // Shutting down keeps the client alive until its connections are closed; nothing waits for it.
        client.shutdown { _ in }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let clientRequest = clientRequest(request, body: request.method == "GET" ? nil : .bytes(request.body))
        return try await withinDeadline { [client] deadline in
            try await Self.buffered(client.execute(clientRequest, deadline: deadline))
        }
    }

    /// Streams a successful body into `file` through an `AtomicFileWriter`: a broken transfer never leaves half
    /// a file under the name (the writer drops its temporary file), and a large batch's results never sit in
    /// memory. Readable by its owner only: a batch's results carry what the model said about customers' tickets.
    public func download(_ request: HTTPRequest, to file: URL) async throws -> HTTPResponse {
        let clientRequest = clientRequest(request, body: nil)
        return try await withinDeadline { [client] deadline in
            let response = try await client.execute(clientRequest, deadline: deadline)
            guard (200..<300).contains(Int(response.status.code)) else { return try await Self.buffered(response) }
            let writer = try AtomicFileWriter(path: file.path, mode: 0o600)
            for try await chunk in response.body { try writer.write(Array(chunk.readableBytesView)) }
            try writer.commit()
            return Self.response(response, body: Data())
        }
    }

    /// Streams the body from disk in chunks: a batch's requests run to hundreds of megabytes.
    public func upload(_ request: HTTPRequest, fromFile file: URL) async throws -> HTTPResponse {
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
        let clientRequest = clientRequest(request, body: .stream(FileChunks(file: file), length: .known(Int64(size))))
        return try await withinDeadline { [client] deadline in
            try await Self.buffered(client.execute(clientRequest, deadline: deadline))
        }
    }

    /// Runs `work` (given the client's deadline) against the total deadline. The client's own deadline ends
    /// when the response's head arrives, so the body is bounded here: a timer on the event loop cancels the work
    /// when the deadline passes (which closes the connection), and is itself cancelled when the work ends. Not a
    /// `Task.sleep` raced beside it: a cancelled sleep keeps its timer, and its task, until the time it was
    /// set for, so a run holding 120 s of them grew by ~30 MB at 500 requests a second (measured with heaptrack).
    private func withinDeadline<T: Sendable>(_ work: @escaping @Sendable (NIODeadline) async throws -> T) async throws
        -> T
    {
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        return try await translatingErrors {
            let task = Task { try await work(deadline) }
            let expired = NIOLockedValueBox(false)
            let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(deadline: deadline) {
                expired.withLockedValue { $0 = true }
                task.cancel()
            }
            defer { timer.cancel() }
            do {
                return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            } catch {
                if expired.withLockedValue({ $0 }) { throw HTTPClientError.deadlineExceeded }
                throw error
            }
        }
    }

    private func clientRequest(_ request: HTTPRequest, body: HTTPClientRequest.Body?) -> HTTPClientRequest {
        var clientRequest = HTTPClientRequest(url: request.url.absoluteString)
        clientRequest.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { clientRequest.headers.replaceOrAdd(name: name, value: value) }
        clientRequest.body = body
        return clientRequest
    }

    /// The response with its body read into memory (at most `maximumBodyInMemory`).
    private static func buffered(_ response: HTTPClientResponse) async throws -> HTTPResponse {
        let body = try await response.body.collect(upTo: maximumBodyInMemory)
        return Self.response(response, body: Data(body.readableBytesView))
    }

    private static func response(_ response: HTTPClientResponse, body: Data) -> HTTPResponse {
        var headers: [String: String] = [:]
        for (name, value) in response.headers where headers[name.lowercased()] == nil {
            headers[name.lowercased()] = value
        }
        return HTTPResponse(status: Int(response.status.code), headers: headers, body: body)
    }

    /// The client's errors as messages a log and a call record can show ("HTTPClientError error 1" says
    /// nothing); a cancelled task stays a cancellation, which callers treat apart.
    private func translatingErrors<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as HTTPClientError {
            if error == .cancelled, Task.isCancelled { throw CancellationError() }
            if error == .deadlineExceeded {
                throw HTTPTransportError("no complete answer within \(String(format: "%g", timeout)) s")
            }
            throw HTTPTransportError(Self.describe(error), reachedServer: error != .connectTimeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPTransportError {
            throw error
        } catch {
            throw HTTPTransportError(Self.describe(error), reachedServer: !Self.failedToConnect(error))
        }
    }

    /// Whether `error` is one of making the connection, before anything was sent: refused, unreachable, or a
    /// host that does not resolve. A reset or a broken pipe may come after the request went out.
    static func failedToConnect(_ error: any Error) -> Bool {
        switch error {
        case let error as IOError: [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL].contains(error.errnoCode)
        case is SocketAddressError.UnknownHost, is NIOConnectionError: true
        default: false
        }
    }

    /// What went wrong, in words: the system's for an errno ("Connection refused"), not NIO's debugging text.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as SocketAddressError.UnknownHost:
            return error.errorDescription
        case let error as NIOConnectionError:
            if let dns = error.dnsAError ?? error.dnsAAAAError {
                return "cannot resolve \(error.host): \(describe(dns))"
            }
            return error.connectionErrors.last.map { describe($0.error) } ?? "cannot connect to \(error.host)"
        default:
            return String(describing: error)
        }
    }
}
