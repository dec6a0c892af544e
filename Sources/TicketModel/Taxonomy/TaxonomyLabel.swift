/// One label of a taxonomy and what the team means by it (the classifier is given the definition).
public struct TaxonomyLabel: Sendable, Equatable, Codable {
    public var name: String
    public var definition: String

    public init(name: String, definition: String) {
        self.name = name
        self.definition = definition
    }
}
