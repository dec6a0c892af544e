import Foundation
import Synchronization
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// A wall clock that says what the test sets.
public final class FixedWallClock: WallClock {
    private let current: Mutex<Date>

    public init(_ date: Date = Date(timeIntervalSince1970: 1_764_000_000)) {
        current = Mutex(date)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func set(_ date: Date) { current.withLock { $0 = date } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}
