import Foundation

/// Tells the current date; injected so that timestamps in the database and reports are testable.
public protocol WallClock: Sendable {
    func now() -> Date
}
