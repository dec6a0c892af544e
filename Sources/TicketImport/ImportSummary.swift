import TicketModel
import TicketDatabase

/// What an `import` run did over all its files.
public struct ImportSummary: Codable, Sendable, Equatable {
    public var files: [ImportFileSummary] = []
    public var elapsedSeconds: Double = 0

    public init(files: [ImportFileSummary] = []) {
        self.files = files
    }

    public var read: Int { files.reduce(0) { $0 + $1.read } }
    public var inserted: Int { files.reduce(0) { $0 + $1.inserted } }
    public var updated: Int { files.reduce(0) { $0 + $1.updated } }
    public var unchanged: Int { files.reduce(0) { $0 + $1.unchanged } }
    public var rejected: Int { files.reduce(0) { $0 + $1.rejected } }
    /// The rejects file when there is one, else the first of several (each file's own is in `files`).
    public var rejectsPath: String? { files.compactMap(\.rejectsPath).first }

    enum CodingKeys: String, CodingKey {
        case read, inserted, updated, unchanged, rejected
        case rejectsPath = "rejects_path"
        case files
        case elapsedSeconds = "elapsed_s"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(read, forKey: .read)
        try container.encode(inserted, forKey: .inserted)
        try container.encode(updated, forKey: .updated)
        try container.encode(unchanged, forKey: .unchanged)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(rejectsPath, forKey: .rejectsPath)
        try container.encode(files, forKey: .files)
        try container.encode((elapsedSeconds * 1000).rounded() / 1000, forKey: .elapsedSeconds)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        files = try container.decode([ImportFileSummary].self, forKey: .files)
        elapsedSeconds = try container.decode(Double.self, forKey: .elapsedSeconds)
    }
}
