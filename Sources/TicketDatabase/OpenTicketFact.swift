/// A ticket still open at a period's end, as a report lists it.
public struct OpenTicketFact: Sendable, Equatable {
    public var externalID: String
    public var title: String
    /// Epoch seconds.
    public var createdAt: Int64
    public var category: String?
    public var priority: String?
}
