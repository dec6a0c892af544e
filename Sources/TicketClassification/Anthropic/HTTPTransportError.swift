import Foundation

/// A request that got no HTTP answer: refused, reset, timed out. Its message goes into logs and call records,
/// so it names what happened, never the URL (a ping URL is a secret).
public struct HTTPTransportError: Error, LocalizedError, Equatable, CustomStringConvertible {
    public var message: String
    /// False when no connection was made (refused, no route, a name that does not resolve): the request never
    /// reached the server, so it counted against none of its limits.
    public var reachedServer: Bool

    public init(_ message: String, reachedServer: Bool = true) {
        self.message = message
        self.reachedServer = reachedServer
    }

    /// Whether `error`, thrown by a transport, says the request never reached the server (this type's word, or
    /// Foundation's for a transport on URLSession).
    public static func neverReachedServer(_ error: any Error) -> Bool {
        if let error = error as? HTTPTransportError { return !error.reachedServer }
        if let error = error as? URLError {
            return [.cannotConnectToHost, .cannotFindHost, .dnsLookupFailed].contains(error.code)
        }
        return false
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
