/// Counts over the whole store before an instant, as the flow and backlog of a report use them.
public struct FlowFact: Sendable, Equatable {
    /// Tickets in the backlog at the instant: created before it, not resolved before it, and not resolved or
    /// closed without a resolution time.
    public var backlog: Int
    /// Tickets resolved before the instant, whenever they were created.
    public var resolved: Int
    /// Tickets created before the instant that are resolved or closed without a resolution time.
    public var untimed: Int

    public init(backlog: Int = 0, resolved: Int = 0, untimed: Int = 0) {
        self.backlog = backlog
        self.resolved = resolved
        self.untimed = untimed
    }
}
