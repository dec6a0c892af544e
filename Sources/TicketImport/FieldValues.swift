import TicketModel
import TicketDatabase

/// The raw text of a row's fields, keyed by our field names, after column mapping and before validation.
public struct FieldValues: Sendable, Equatable {
    // Stored inline rather than in an array: a row's values then need no allocation of their own (one per
    // row of a million-row import).
    private var id: String?
    private var title: String?
    private var description: String?
    private var category: String?
    private var priority: String?
    private var status: String?
    private var createdAt: String?
    private var resolvedAt: String?
    private var assignee: String?
    private var group: String?
    private var channel: String?
    private var tags: String?
    private var firstResponseAt: String?
    private var satisfaction: String?
    /// Minutes from creation to the first response, where an export gives a duration instead of an instant.
    public var firstResponseMinutes: String?
    /// Where the labels came from, as our export writes it (`label_source`: `llm`, `local+manual`, …).
    public var labelSource: String?
    /// The row's other columns as a JSON object with sorted keys, or nil when it has none with a value.
    public var attributes: String?
    /// The same object with its top-level keys in the other import format's order, where that differs: a JSON
    /// import's (Foundation's: case ignored, numbers by value) for a CSV row, a CSV import's (code points) for a
    /// JSON one. What a ticket stored from one format and exported to the other holds.
    public var equivalentAttributes: String?

    public init() {}

    public init(_ values: [TicketField: String]) {
        for (field, value) in values { self[field] = value }
    }

    public subscript(field: TicketField) -> String? {
        get {
            switch field {
            case .id: id
            case .title: title
            case .description: description
            case .category: category
            case .priority: priority
            case .status: status
            case .createdAt: createdAt
            case .resolvedAt: resolvedAt
            case .assignee: assignee
            case .group: group
            case .channel: channel
            case .tags: tags
            case .firstResponseAt: firstResponseAt
            case .satisfaction: satisfaction
            }
        }
        set {
            switch field {
            case .id: id = newValue
            case .title: title = newValue
            case .description: description = newValue
            case .category: category = newValue
            case .priority: priority = newValue
            case .status: status = newValue
            case .createdAt: createdAt = newValue
            case .resolvedAt: resolvedAt = newValue
            case .assignee: assignee = newValue
            case .group: group = newValue
            case .channel: channel = newValue
            case .tags: tags = newValue
            case .firstResponseAt: firstResponseAt = newValue
            case .satisfaction: satisfaction = newValue
            }
        }
    }
}
