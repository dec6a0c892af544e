/// How a batch's requests ended, one count per paid request (tickets sharing identical text count once).
public struct BatchTally: Sendable, Equatable, Codable {
    public var succeeded = 0
    /// Answered, but not a valid label (outside the taxonomy, no tool call, cut off): never stored as one.
    public var invalid = 0
    public var errored = 0
    public var expired = 0
    public var canceled = 0

    public init() {}

    public static func + (lhs: BatchTally, rhs: BatchTally) -> BatchTally {
        var sum = lhs
        sum.succeeded += rhs.succeeded
        sum.invalid += rhs.invalid
        sum.errored += rhs.errored
        sum.expired += rhs.expired
        sum.canceled += rhs.canceled
        return sum
    }
}
