import Foundation
import Logging
import TicketModel
import TicketClassification

/// Sends a job's dead-man's-switch pings: GET, a 10 s deadline, two retries. A ping that cannot be delivered
/// is logged and never changes the run's outcome; the URL, a secret, is logged by its host only.
struct Pinger: Sendable {
    /// The check's URL; a secret (healthchecks puts the check's key in its path).
    var url: String
    var transport: any HTTPTransport
    var logger: Logger
    /// Waits between attempts; injected so tests do not sleep.
    var sleep: @Sendable (Duration) async -> Void
    var retries = 2

    /// Pings the URL + `suffix` ("/start", "", "/fail"); returns whether it was delivered.
    @discardableResult
    func ping(suffix: String) async -> Bool {
        let base = url
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        guard let target = URL(string: trimmed + suffix) else { return false }
        for attempt in 0...retries {
            if attempt > 0 { await sleep(.seconds(attempt)) }
            do {
                let response = try await transport.send(HTTPRequest(url: target, method: "GET", headers: ["user-agent": "ticketjobs"], body: Data()))
                if (200..<300).contains(response.status) { return true }
                logger.warning(
                    "ping refused", metadata: ["to": "\(Self.redacted(base))\(suffix)", "status": "\(response.status)", "attempt": "\(attempt + 1)"])
            } catch {
                logger.warning(
                    "ping not delivered", metadata: ["to": "\(Self.redacted(base))\(suffix)", "error": "\(error.localizedDescription.replacingOccurrences(of: trimmed, with: Self.redacted(base)))", "attempt": "\(attempt + 1)"])
            }
        }
        logger.error("ping given up", metadata: ["to": "\(Self.redacted(base))\(suffix)", "attempts": "\(retries + 1)"])
        return false
    }

    /// The URL's scheme and host: the path of a ping URL is its secret (a healthchecks UUID).
    static func redacted(_ url: String) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return "(ping URL)" }
        return "\(scheme)://\(host)\(parsed.port.map { ":\($0)" } ?? "")/…"
    }
}
