import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// An in-memory transport to a `FakeBatchAPI`; a lost answer is a dropped connection.
public struct FakeBatchTransport: HTTPTransport {
    public let api: FakeBatchAPI

    public init(api: FakeBatchAPI) {
        self.api = api
    }

    public func send(_ request: TicketClassification.HTTPRequest) async throws -> TicketClassification.HTTPResponse {
        var query: [String: String] = [:]
        for item in URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? [] {
            query[item.name] = item.value
        }
        let answer = api.handle(
            method: request.method, path: request.url.path, query: query,
            headers: Dictionary(
                request.headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }),
            body: request.body)
        if answer.lost { throw URLError(.networkConnectionLost) }
        return TicketClassification.HTTPResponse(status: answer.status, headers: answer.headers, body: answer.body)
    }
}
