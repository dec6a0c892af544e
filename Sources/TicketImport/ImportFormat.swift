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
        // A `.json` file is read as JSON Lines, or as one document holding a list of tickets.
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".json") { return .jsonl }
        return nil
    }

    public var fileExtension: String { rawValue }
}
