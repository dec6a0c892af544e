/// Counts tickets in a row that got no usable HTTP answer through their retries: no answer at all (connection
/// refused, DNS, a timeout) or only server errors (5xx: an outage, or a server that is not the API). Each of
/// them already waited out its retries, so more tickets would only wait out theirs too: a dead endpoint made a
/// run of 100,000 tickets take days. Any other answer, a refusal or a client error included, starts the count
/// again.
public struct UnansweredStreak: Sendable {
    /// Tickets in a row with no usable answer before a run stops as unreachable.
    public static let limit = 10
    /// The same, while nothing has answered at all in this run: a base URL, port or proxy that reaches nothing is
    /// a setting to fix, not an outage to wait out (a refused port was given up on after 100 s at the default
    /// pacing; with this, 50 s; with refused requests' pacing slots given back too, ~14 s).
    public static let limitBeforeAnyAnswer = 3

    public private(set) var count = 0
    /// Whether any request of the run got an HTTP answer, even a server error.
    public private(set) var answered = false

    public init() {}

    /// Counts `outcome`; returns the error to stop with once `limit` tickets in a row went unanswered.
    public mutating func record(_ outcome: ClassificationOutcome) -> ClassificationError? {
        if outcome.calls.contains(where: { $0.httpStatus != nil }) { answered = true }
        guard case .failed(let reason) = outcome.result, !outcome.calls.isEmpty,
            outcome.calls.allSatisfy({ ($0.httpStatus ?? 500) >= 500 })
        else {
            count = 0
            return nil
        }
        count += 1
        guard count >= (answered ? Self.limit : Self.limitBeforeAnyAnswer) else { return nil }
        return .unreachable(tickets: count, lastError: outcome.calls.last?.error ?? reason, everAnswered: answered)
    }
}
