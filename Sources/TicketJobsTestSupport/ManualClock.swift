import Synchronization
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// A clock whose time moves only when told: by `advance(by:)`, or — with `autoAdvance` — by a sleeper,
/// which jumps the time to its deadline at once. Rate limits, retries and backoff are then tested in
/// virtual time, deterministically, without sleeping for real.
public final class ManualClock: Clock, Sendable {
    public struct Instant: InstantProtocol, Sendable {
        public var offset: Duration
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let state = Mutex<(now: Instant, sleepers: [Int: Sleeper], next: Int)>((Instant(offset: .zero), [:], 0))
    public let autoAdvance: Bool

    public init(autoAdvance: Bool = true) {
        self.autoAdvance = autoAdvance
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Seconds since the clock was made.
    public var elapsedSeconds: Double {
        let components = now.offset.components
        return Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        if autoAdvance {
            state.withLock { if $0.now < deadline { $0.now = deadline } }
            await Task.yield()
            try Task.checkCancellation()
            return
        }
        let id = state.withLock { state -> Int in
            state.next += 1
            return state.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if deadline <= state.now { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward, waking every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for key in due.keys { state.sleepers.removeValue(forKey: key) }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// For a test whose failure would be a wait on this clock (with `autoAdvance` off): after `patience` of real
    /// time, moves the clock on by `step` every 0.1 s until the returned task is cancelled, so that the failure
    /// shows as one and not as a hang. The patience is long: under the whole suite on two cores, a run that
    /// waits for nothing still took over 5 s to end.
    public func advanceWhenStuck(after patience: Duration = .seconds(30), by step: Duration = .seconds(60)) -> Task<Void, Never> {
        Task {
            guard (try? await Task.sleep(for: patience)) != nil else { return }
            while !Task.isCancelled {
                advance(by: step)
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// How many tasks are asleep on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }
}
