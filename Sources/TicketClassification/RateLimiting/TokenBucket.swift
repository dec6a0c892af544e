import TicketModel
import TicketDatabase
import TicketImport

/// A token bucket in plain values, tested with explicit instants (seconds on any monotonic scale).
///
/// `capacity` bounds the burst; `ratePerSecond` refills it. Taking more than is there drives the level
/// below zero (a debt), so a request larger than the burst still goes through once the bucket is full,
/// and the debt delays whoever comes next: over any window the rate holds.
public struct TokenBucket: Sendable, Equatable {
    public private(set) var capacity: Double
    public private(set) var ratePerSecond: Double
    public private(set) var level: Double
    private var updatedAt: Double

    public init(capacity: Double, ratePerSecond: Double, now: Double) {
        self.capacity = capacity
        self.ratePerSecond = ratePerSecond
        level = capacity
        updatedAt = now
    }

    /// A bucket that admits `perMinute` units a minute, strictly evenly: no burst (a capacity of one unit; a
    /// larger request goes when the bucket is full and leaves a debt). A server may enforce its per-minute
    /// limit over intervals as short as a second, where a burst of a second's worth on top of the steady rate
    /// would be twice the limit.
    public static func perMinute(_ perMinute: Double, now: Double) -> TokenBucket {
        TokenBucket(capacity: 1, ratePerSecond: perMinute / 60, now: now)
    }

    mutating func refill(now: Double) {
        guard now > updatedAt else { return }
        level = min(capacity, level + (now - updatedAt) * ratePerSecond)
        updatedAt = now
    }

    /// Seconds from `now` until `amount` can be taken (0 when it can be taken now).
    public mutating func delay(for amount: Double, now: Double) -> Double {
        refill(now: now)
        // A request larger than the burst waits for a full bucket rather than forever.
        let needed = min(amount, capacity)
        if level >= needed { return 0 }
        return ratePerSecond > 0 ? (needed - level) / ratePerSecond : .infinity
    }

    /// Takes `amount` (call when `delay` says 0).
    public mutating func take(_ amount: Double, now: Double) {
        refill(now: now)
        level -= amount
    }

    /// Gives back what a request reserved but did not use (e.g. output tokens below the estimate).
    public mutating func refund(_ amount: Double, now: Double) {
        refill(now: now)
        level = min(capacity, level + amount)
    }

    /// Sets the rate, up or down (the server's limit, or the adaptive pacing); the capacity stays.
    public mutating func setRate(perMinute: Double, now: Double) {
        refill(now: now)
        ratePerSecond = perMinute / 60
        level = min(level, capacity)
    }

    /// Empties the bucket (the server says nothing remains until a reset).
    public mutating func drain(now: Double) {
        refill(now: now)
        level = min(level, 0)
    }
}
