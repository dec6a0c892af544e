import Foundation
import TicketModel
import TicketDatabase
import TicketImport

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
