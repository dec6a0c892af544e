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

    /// Decodes a row column by column: `Decodable`'s keyed containers, which GRDB uses otherwise, were half of an
    /// export's CPU (a million tickets: 4.3 s of 8.2). A column a query did not select is nil, as `Decodable` left it.
    public init(row: Row) throws {
        func label<Label: LabelName>(_ column: CodingKeys, as _: Label.Type) throws -> Label? {
            guard let text: String = try row.decode(forColumn: column.stringValue) else { return nil }
            guard let label = Label(rawValue: text) else { throw Self.corrupt(column, text) }
            return label
        }
        func source(_ column: CodingKeys) throws -> LabelSource? {
            guard let text: String = try row.decode(forColumn: column.stringValue) else { return nil }
            guard let source = LabelSource(rawValue: text) else { throw Self.corrupt(column, text) }
            return source
        }
        // Each column decoded at its own type: through a generic helper, String and Int64 lost GRDB's fast path
        // (`StatementColumnConvertible`), and an export's CPU grew by a third.
        id = try row.decode(forColumn: CodingKeys.id.stringValue)
        externalID = try row.decode(forColumn: CodingKeys.externalID.stringValue)
        title = try row.decode(forColumn: CodingKeys.title.stringValue)
        description = try row.decode(forColumn: CodingKeys.description.stringValue)
        category = try label(.category, as: Category.self)
        categorySource = try source(.categorySource)
        priority = try label(.priority, as: Priority.self)
        prioritySource = try source(.prioritySource)
        let statusText: String = try row.decode(forColumn: CodingKeys.status.stringValue)
        guard let status = Status(rawValue: statusText) else { throw Self.corrupt(.status, statusText) }
        self.status = status
        createdAt = try row.decode(forColumn: CodingKeys.createdAt.stringValue)
        resolvedAt = try row.decode(forColumn: CodingKeys.resolvedAt.stringValue)
        sourceFile = try row.decode(forColumn: CodingKeys.sourceFile.stringValue)
        sourceLine = try row.decode(forColumn: CodingKeys.sourceLine.stringValue)
        revision = try row.decode(forColumn: CodingKeys.revision.stringValue)
        assignee = try row.decode(forColumn: CodingKeys.assignee.stringValue)
        group = try row.decode(forColumn: CodingKeys.group.stringValue)
        channel = try row.decode(forColumn: CodingKeys.channel.stringValue)
        tags = try row.decode(forColumn: CodingKeys.tags.stringValue)
        firstResponseAt = try row.decode(forColumn: CodingKeys.firstResponseAt.stringValue)
        satisfaction = try row.decode(forColumn: CodingKeys.satisfaction.stringValue)
        attributes = try row.decode(forColumn: CodingKeys.attributes.stringValue)
    }

    private static func corrupt(_ column: CodingKeys, _ text: String) -> any Error {
        DecodingError.dataCorrupted(
            .init(codingPath: [column], debugDescription: "tickets.\(column.stringValue) holds '\(text.prefix(80))', which is not a value of it"))
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
