import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// What `export` writes.
public struct ExportOptions: Sendable {
    /// Default: CSV.
    public var format: ImportFormat = .csv
    /// Only tickets created at or after this instant. Default: no lower bound.
    public var since: Date?
    /// Only tickets created before this instant. Default: no upper bound.
    public var until: Date?
    /// How many tickets are written between two reports of progress. Default: 10,000.
    public var progressInterval = 10_000
    /// A test hook, never set in normal use: after this many chunks written the export waits until it is cancelled
    /// (`TICKETJOBS_PAUSE_EXPORT_AFTER_CHUNKS`), so that a test can send a signal mid-export without racing it.
    public var pauseAfterChunks: Int?

    /// The format to write to `path` (nil: stdout): `given`, else the one its extension names; CSV when it has
    /// none. An extension of another format (`.xlsx`, `.json`, `.txt`) is refused: CSV under such a name was
    /// opened as what it is not, and an import reads a file back by its extension.
    public static func format(forOutput path: String?, given: ImportFormat?) throws -> ImportFormat {
        if let given { return given }
        guard let path else { return .csv }
        let name = URL(fileURLWithPath: path).lastPathComponent.lowercased()
        if name.hasSuffix(".csv") { return .csv }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { return .jsonl }
        // Only letters after the last dot name a format: `backup.2026-12-07` is a name with a date in it.
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return .csv }
        let suffix = name[name.index(after: dot)...]
        guard !suffix.isEmpty, suffix.count <= 5, suffix.allSatisfy({ $0.isLetter && $0.isASCII }) else { return .csv }
        throw ExportError.outputFormatUnknown(path: path)
    }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        pauseAfterChunks = environment["TICKETJOBS_PAUSE_EXPORT_AFTER_CHUNKS"].flatMap { Int($0) }
    }
}
