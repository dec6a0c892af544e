import Foundation

/// A request that got no HTTP answer: refused, reset, timed out. Its message goes into logs and call records,
/// so it names what happened, never the URL (a ping URL is a secret).
public struct HTTPTransportError: Error, LocalizedError, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
