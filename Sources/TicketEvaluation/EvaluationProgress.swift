/// How far an evaluation by Claude is, for a progress line.
public struct EvaluationProgress: Sendable, Equatable {
    public var model: String
    /// The fixtures scored in this run.
    public var tickets: Int
    /// Tickets answered or failed so far, those whose answer was cached from an earlier run included.
    public var done: Int
    /// Requests sent so far, retries included.
    public var requests: Int
}
