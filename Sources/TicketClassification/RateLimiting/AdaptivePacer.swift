import TicketModel

/// The request rate to pace at, adapted to what the server actually allows (AIMD): a 429 lowers it
/// multiplicatively, a run of successes raises it additively back toward the budget. The first 429 halves it
/// (the budget is then far from the truth), later ones take 15% off, never below what the server admitted in
/// the last minute. Raises stop just below the rate that last failed and then only creep, so a server that
/// enforces less than the budget (or less than its headers claim, or says nothing) is held just below its limit
/// with few 429s, each of which costs a pause. Plain values and explicit instants (seconds), tested without a
/// clock; `AdaptivePacerTests` runs it against simulated servers.
public struct AdaptivePacer: Sendable, Equatable {
    /// The budget in requests per minute (flags, then the server's headers): the rate never exceeds it.
    public private(set) var ceiling: Double
    /// The rate to pace at now, in requests per minute.
    public private(set) var rate: Double
    /// The rate at which the server last answered 429, if it has.
    public private(set) var lastFailureRate: Double?

    /// The first 429 multiplies the rate by this, later ones by `decrease`.
    static let firstDecrease = 0.5
    static let decrease = 0.85
    /// 429s within this many seconds of a decrease belong to the same episode (requests already in flight).
    static let episode = 2.0
    /// Each raise adds this share of the ceiling, after about `raiseAfter` seconds' worth of successes…
    static let step = 0.02
    static let raiseAfter = 2.0
    /// …up to this share of the rate that last failed; beyond it, a raise is a `creep`-th of a step.
    static let plateau = 0.97
    static let creep = 40.0
    /// Never slower than this, in requests per minute.
    static let minimum = 1.0

    private var lastDecrease = -Double.infinity
    private var successesSinceChange = 0
    /// When the successes of the last minute arrived.
    private var successes = RecentInstants()

    public init(ceiling: Double) {
        self.ceiling = max(Self.minimum, ceiling)
        rate = self.ceiling
    }

    /// A new budget (the server's limit, or the flags): the rate follows it down at once, and up while the
    /// server has not pushed back.
    public mutating func setCeiling(_ value: Double) {
        let value = max(Self.minimum, value)
        guard value != ceiling else { return }
        let wasAtCeiling = rate >= ceiling
        ceiling = value
        if rate > value || (wasAtCeiling && lastFailureRate == nil) { rate = value }
    }

    /// A request succeeded at `now`. Returns true when the rate changed.
    public mutating func succeeded(at now: Double) -> Bool {
        successes.append(now)
        successes.forget(before: now - 60)
        successesSinceChange += 1
        guard rate < ceiling, Double(successesSinceChange) >= max(1, rate / 60 * Self.raiseAfter) else { return false }
        successesSinceChange = 0
        var raised = rate + ceiling * Self.step
        if let failed = lastFailureRate {
            let top = failed * Self.plateau
            raised = rate >= top ? rate + ceiling * Self.step / Self.creep : min(top, raised)
        }
        raised = min(ceiling, raised)
        guard raised != rate else { return false }
        rate = raised
        return true
    }

    /// The server answered 429 at `now`; `sendingAt`, if known, is the rate requests actually went at lately,
    /// which another budget (tokens) may hold below `rate`. Returns true when the rate changed.
    public mutating func rateLimited(at now: Double, sendingAt actual: Double? = nil) -> Bool {
        successesSinceChange = 0
        guard now - lastDecrease >= Self.episode else { return false }
        lastDecrease = now
        successes.forget(before: now - 60)
        // Halving is for a budget far from the truth; when something else held the requests back, the rate they
        // went at was nearly right.
        let base = actual.map { $0 < rate * 0.75 ? $0 : rate } ?? rate
        let factor = lastFailureRate == nil && base == rate ? Self.firstDecrease : Self.decrease
        // What got through in the last minute is a rate the server does allow.
        let admitted = Double(successes.count) * Self.plateau
        lastFailureRate = base
        let lowered = max(Self.minimum, min(base, max(base * factor, admitted)))
        guard lowered != rate else { return false }
        rate = lowered
        return true
    }
}
