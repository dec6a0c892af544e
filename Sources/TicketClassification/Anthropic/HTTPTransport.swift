import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Sends requests. Small on purpose: the production transport (async-http-client, which replaced URLSession)
/// is one type, and tests put in-memory fakes in its place.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Sends `request` and writes a successful (2xx) body to `file` instead of holding it in memory, for
    /// large downloads such as a batch's results; an error's body is returned in the response as usual.
    func download(_ request: HTTPRequest, to file: URL) async throws -> HTTPResponse

    /// Sends `request` with the contents of `file` as its body, streamed rather than held in memory (a batch's
    /// requests run to hundreds of megabytes).
    func upload(_ request: HTTPRequest, fromFile file: URL) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// Buffers the body, then writes it: right for in-memory fakes, not for a production transport.
    public func download(_ request: HTTPRequest, to file: URL) async throws -> HTTPResponse {
        var response = try await send(request)
        guard (200..<300).contains(response.status) else { return response }
        try response.body.write(to: file)
        response.body = Data()
        return response
    }

    /// Reads the file into the body: right for in-memory fakes, not for a production transport.
    public func upload(_ request: HTTPRequest, fromFile file: URL) async throws -> HTTPResponse {
        var request = request
        request.body = try Data(contentsOf: file)
        return try await send(request)
    }
}
