import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
import TicketModel
import TicketDatabase
import TicketImport
#endif

/// The production transport: FoundationNetworking's URLSession (libcurl underneath).
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    /// The most a request may take in all; see `init`.
    private let deadline: TimeInterval

    /// - Parameters:
    ///   - maximumConnections: at least the classification's concurrency; URLSession's default of 6 per host
    ///     silently caps throughput (measured in DEPENDENCIES.md).
    ///   - timeout: the total deadline of a request. URLSession's request timeout only bounds the silence
    ///     between two packets, so a server that drips a byte every few seconds would hold a run for ever.
    public init(maximumConnections: Int, timeout: TimeInterval = 120) {
        deadline = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(6, maximumConnections)
        configuration.timeoutIntervalForRequest = min(timeout, 60)
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let urlRequest = urlRequest(request)
        let session = session
        // Whichever ends first: the answer, or the deadline (which cancels the request).
        return try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask {
                let (data, response) = try await session.data(for: urlRequest)
                return try Self.response(response, body: data)
            }
            group.addTask { [deadline] in
                try await Task.sleep(for: .milliseconds(Int64(deadline * 1000)))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw URLError(.timedOut, userInfo: [NSLocalizedDescriptionKey: "no complete answer within \(Int(deadline)) s"])
            }
            return response
        }
    }

    /// Streams the body to disk through a download task, so a large batch's results never sit in memory.
    public func download(_ request: HTTPRequest, to file: URL) async throws -> HTTPResponse {
        let urlRequest = urlRequest(request)
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.downloadTask(with: urlRequest) { location, response, error in
                // The temporary file is removed when this handler returns: move it now.
                do {
                    if let error { throw error }
                    guard let location, let response else { throw URLError(.badServerResponse) }
                    var result = try Self.response(response, body: Data())
                    if (200..<300).contains(result.status) {
                        try? FileManager.default.removeItem(at: file)
                        try FileManager.default.moveItem(at: location, to: file)
                    } else {
                        result.body = (try? Data(contentsOf: location)) ?? Data()
                    }
                    continuation.resume(returning: result)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            task.resume()
        }
    }

    /// Streams the body from disk through an upload task: URLSession keeps several copies of an in-memory body.
    public func upload(_ request: HTTPRequest, fromFile file: URL) async throws -> HTTPResponse {
        var urlRequest = urlRequest(request)
        urlRequest.httpBody = nil
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.uploadTask(with: urlRequest, fromFile: file) { data, response, error in
                do {
                    if let error { throw error }
                    guard let response else { throw URLError(.badServerResponse) }
                    continuation.resume(returning: try Self.response(response, body: data ?? Data()))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            task.resume()
        }
    }

    private func urlRequest(_ request: HTTPRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if request.method != "GET" { urlRequest.httpBody = request.body }
        return urlRequest
    }

    private static func response(_ response: URLResponse, body: Data) throws -> HTTPResponse {
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: body)
    }
}
