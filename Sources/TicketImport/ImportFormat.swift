import TicketModel
import TicketDatabase

/// The formats `import` reads and `export` writes.
public enum ImportFormat: String, CaseIterable, Codable, Sendable {
    case csv
    case jsonl

    /// The format a file's extension names, or nil.
    public static func infer(fromPath path: String) -> ImportFormat? {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") || lowered.hasSuffix(".tsv") || lowered.hasSuffix(".tab") { return .csv }
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") { return .jsonl }
        return nil
    }

    public var fileExtension: String { rawValue }
}
