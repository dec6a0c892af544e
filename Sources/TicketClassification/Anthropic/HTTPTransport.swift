import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// An HTTP request as the Anthropic client builds it.
public struct HTTPRequest: Sendable {
    public var url: URL
    public var method: String
    public var headers: [String: String]
    public var body: Data

    public init(url: URL, method: String = "POST", headers: [String: String], body: Data) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response; header names are lowercased.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }
}

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

extension HTTPResponse {
    /// `retry-after-ms` (milliseconds) or `retry-after` (seconds, or an HTTP date), in seconds.
    ///
    /// A date (as a gateway in front of the API may send) is measured from the answer's own `date` header, so
    /// that this machine's clock being off does not change the wait; without one it is not used.
    var retryAfterSeconds: Double? {
        if let ms = headers["retry-after-ms"].flatMap(Double.init) { return ms / 1000 }
        guard let value = headers["retry-after"] else { return nil }
        if let seconds = Double(value) { return seconds }
        guard let until = Self.httpDate(value), let sent = serverDate else { return nil }
        return max(0, until.timeIntervalSince(sent))
    }

    /// When the server sent the answer, by its `date` header.
    var serverDate: Date? { headers["date"].flatMap(Self.httpDate) }

    /// An HTTP date in its one current form (RFC 9110's IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        httpDateFormatter().date(from: text.trimmingCharacters(in: .whitespaces))
    }

    /// Reads and writes IMF-fixdate; one per use, as answers with dates are few.
    public static func httpDateFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
