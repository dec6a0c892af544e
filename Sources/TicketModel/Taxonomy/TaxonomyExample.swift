/// A labeled ticket the team gives Claude as a few-shot example.
public struct TaxonomyExample: Sendable, Equatable, Codable {
    public var title: String
    public var description: String
    public var category: Category
    public var priority: Priority

    public init(title: String, description: String, category: Category, priority: Priority) {
        self.title = title
        self.description = description
        self.category = category
        self.priority = priority
    }
}
