import Foundation
import GRDB
import TicketModel

/// A row of the `tickets` table.
public struct TicketRecord: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "tickets"

    public enum Columns {
        public static let id = Column("id")
        public static let externalID = Column("external_id")
        public static let title = Column("title")
        public static let description = Column("description")
        public static let category = Column("category")
        public static let categorySource = Column("category_source")
        public static let priority = Column("priority")
        public static let prioritySource = Column("priority_source")
        public static let status = Column("status")
        public static let createdAt = Column("created_at")
        public static let resolvedAt = Column("resolved_at")
    }

    public var id: Int64
    public var externalID: String
    public var title: String
    public var description: String
    public var category: Category?
    public var categorySource: LabelSource?
    public var priority: Priority?
    public var prioritySource: LabelSource?
    public var status: Status
    /// Seconds since 1970 UTC.
    public var createdAt: Int64
    public var resolvedAt: Int64?
    public var sourceFile: String?
    public var sourceLine: Int?
    public var revision: Int
    public var assignee: String?
    public var group: String?
    public var channel: String?
    /// A JSON array of strings.
    public var tags: String?
    public var firstResponseAt: Int64?
    public var satisfaction: String?
    /// A JSON object: the export's other columns.
    public var attributes: String?

    enum CodingKeys: String, CodingKey {
        case id
        case externalID = "external_id"
        case title, description, category
        case categorySource = "category_source"
        case priority
        case prioritySource = "priority_source"
        case status
        case createdAt = "created_at"
        case resolvedAt = "resolved_at"
        case sourceFile = "source_file"
        case sourceLine = "source_line"
        case revision, assignee, channel, tags, satisfaction, attributes
        case group = "group_name"
        case firstResponseAt = "first_response_at"
    }

    /// Tags as the `tags` column stores them: a JSON array.
    public static func encodeTags(_ tags: [String]) -> String { JSONText.array(tags) }

    public static func decodeTags(_ text: String?) -> [String] {
        guard let text, let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else { return [] }
        return array.compactMap { $0 as? String }
    }

    /// The ticket as the pipeline sees it.
    public var ticket: Ticket {
        Ticket(
            id: externalID, title: title, description: description, category: category, priority: priority,
            status: status, createdAt: Date(timeIntervalSince1970: TimeInterval(createdAt)),
            resolvedAt: resolvedAt.map { Date(timeIntervalSince1970: TimeInterval($0)) }, assignee: assignee,
            group: group, channel: channel, tags: Self.decodeTags(tags),
            firstResponseAt: firstResponseAt.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            satisfaction: satisfaction, attributes: attributes)
    }

    /// The one source that describes both labels, for exports: nil when unlabeled, "mixed" when they differ.
    public var labelSource: String? {
        switch (categorySource, prioritySource) {
        case (nil, nil): nil
        case (let c?, nil): c.rawValue
        case (nil, let p?): p.rawValue
        case (let c?, let p?): c == p ? c.rawValue : "\(c.rawValue)+\(p.rawValue)"
        }
    }
}
