/// What `review import` did.
public struct ReviewImportSummary: Codable, Sendable, Equatable {
    /// Tickets whose labels were set (as `manual`).
    public var applied = 0
    /// Rows left blank: those tickets stay in the queue.
    public var skipped = 0
    public var rejected = 0
    public var rejectsPath: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case applied, skipped, rejected
        case rejectsPath = "rejects_path"
    }
}
