import Foundation

/// A ticket as the rest of the pipeline sees it: validated, with labels from the taxonomy only.
public struct Ticket: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var description: String
    public var category: Category?
    public var priority: Priority?
    public var status: Status
    public var createdAt: Date
    public var resolvedAt: Date?

    public init(
        id: String,
        title: String,
        description: String,
        category: Category? = nil,
        priority: Priority? = nil,
        status: Status = .open,
        createdAt: Date,
        resolvedAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.category = category
        self.priority = priority
        self.status = status
        self.createdAt = createdAt
        self.resolvedAt = resolvedAt
    }

    /// The text a classifier reads: the title, then the description.
    public var text: String { description.isEmpty ? title : title + "\n\n" + description }
}
