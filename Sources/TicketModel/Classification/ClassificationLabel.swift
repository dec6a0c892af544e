/// A classifier's answer for one ticket: labels from the taxonomy only.
public struct ClassificationLabel: Sendable, Equatable, Codable {
    public var category: Category
    public var priority: Priority
    /// 0…1 where the classifier gives one.
    public var confidence: Double?
    /// The model's short justification, where it gives one.
    public var reason: String?

    public init(category: Category, priority: Priority, confidence: Double? = nil, reason: String? = nil) {
        self.category = category
        self.priority = priority
        self.confidence = confidence
        self.reason = reason
    }
}
