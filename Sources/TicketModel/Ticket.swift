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
    // The export's own columns, when it has them.
    public var assignee: String?
    public var group: String?
    public var channel: String?
    public var tags: [String]
    public var firstResponseAt: Date?
    /// `good` or `bad`, or a score from `1` to `5`.
    public var satisfaction: String?
    /// Every other column of the export, as a JSON object with sorted keys: `export` writes them back.
    public var attributes: String?

    public init(
        id: String,
        title: String,
        description: String,
        category: Category? = nil,
        priority: Priority? = nil,
        status: Status = .open,
        createdAt: Date,
        resolvedAt: Date? = nil,
        assignee: String? = nil,
        group: String? = nil,
        channel: String? = nil,
        tags: [String] = [],
        firstResponseAt: Date? = nil,
        satisfaction: String? = nil,
        attributes: String? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.category = category
        self.priority = priority
        self.status = status
        self.createdAt = createdAt
        self.resolvedAt = resolvedAt
        self.assignee = assignee
        self.group = group
        self.channel = channel
        self.tags = tags
        self.firstResponseAt = firstResponseAt
        self.satisfaction = satisfaction
        self.attributes = attributes
    }

    /// Whether the ticket carries any of the export's own columns (the content hash of one without them is
    /// what it was before they existed).
    public var hasExtras: Bool {
        assignee != nil || group != nil || channel != nil || !tags.isEmpty || firstResponseAt != nil
            || satisfaction != nil || attributes != nil
    }

    /// The text a classifier reads: the title, then the description.
    public var text: String { description.isEmpty ? title : title + "\n\n" + description }
}
