import Foundation

/// Takes the API key out of what a server sends back, before any of it reaches an error message, a log line or
/// the calls table: a gateway's error page, or an echo service a mistyped `ANTHROPIC_BASE_URL` reaches, may
/// quote the request's headers. The Anthropic clients wrap their transport in it.
struct SecretScrubbingTransport: HTTPTransport {
    /// What a quoted key becomes.
    static let replacement = Data("[api key]".utf8)

    private let base: any HTTPTransport
    private let secret: Data

    init(_ base: any HTTPTransport, secret: String) {
        self.base = base
        self.secret = Data(secret.utf8)
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        scrubbed(try await base.send(request))
    }

    /// The body written to `file` is a batch's results, which the API writes; an error's body, returned in the
    /// response, is scrubbed.
    func download(_ request: HTTPRequest, to file: URL) async throws -> HTTPResponse {
        scrubbed(try await base.download(request, to: file))
    }

    func upload(_ request: HTTPRequest, fromFile file: URL) async throws -> HTTPResponse {
        scrubbed(try await base.upload(request, fromFile: file))
    }

    func scrubbed(_ response: HTTPResponse) -> HTTPResponse {
        // A key too short to be one would match ordinary text.
        guard secret.count >= 8 else { return response }
        var response = response
        response.body = Self.replacing(secret, in: response.body)
        for (name, value) in response.headers where value.utf8.count >= secret.count {
            response.headers[name] = String(decoding: Self.replacing(secret, in: Data(value.utf8)), as: UTF8.self)
        }
        return response
    }

    private static func replacing(_ secret: Data, in data: Data) -> Data {
        guard var found = data.range(of: secret) else { return data }
        var data = data
        while true {
            data.replaceSubrange(found, with: replacement)
            let next = found.lowerBound + replacement.count
            guard let later = data.range(of: secret, in: next..<data.endIndex) else { return data }
            found = later
        }
    }
}
