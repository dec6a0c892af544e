/// One value of an export column (a group, an assignee, a channel, a satisfaction answer, a tag) in a period:
/// tickets created and resolved in it, and in the backlog at its end.
public struct DimensionFact: Sendable, Equatable {
    public var value: String
    public var created: Int
    public var resolved: Int
    public var backlogEnd: Int

    public init(value: String, created: Int = 0, resolved: Int = 0, backlogEnd: Int = 0) {
        self.value = value
        self.created = created
        self.resolved = resolved
        self.backlogEnd = backlogEnd
    }

    mutating func add(created: Int, resolved: Int, backlogEnd: Int) {
        self.created += created
        self.resolved += resolved
        self.backlogEnd += backlogEnd
    }
}
