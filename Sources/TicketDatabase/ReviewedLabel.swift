import TicketModel

/// What a person decided for one ticket; a label left nil is not touched.
public struct ReviewedLabel: Sendable, Equatable {
    public var externalID: String
    public var category: Category?
    public var priority: Priority?

    public init(externalID: String, category: Category?, priority: Priority?) {
        self.externalID = externalID
        self.category = category
        self.priority = priority
    }
}
