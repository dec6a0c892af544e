import TicketModel

/// A ticket waiting for a person: the classifier's suggestion, not applied because it was not sure enough, or
/// none (the model twice answered it with no usable label).
public struct ReviewItem: Sendable, Equatable {
    public var externalID: String
    public var title: String
    public var description: String
    public var suggestedCategory: String?
    public var suggestedPriority: String?
    public var confidence: Double?
}
