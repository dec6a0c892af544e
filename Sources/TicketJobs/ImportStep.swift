import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// `import` in a job: `paths` may be globs; files imported before and unchanged since are skipped.
public struct ImportStep: Sendable {
    public var paths: [String]
    public var format: ImportFormat?
    public var mapping: String?
    public var timezone: String?
    public var maxRejects: Int?
    public var rejects: String?
    public var maxFieldBytes: Int?
    public var encoding: String?
    public var delimiter: CSVDelimiter = .auto
    /// Fail the step when its paths match no file. Default false: a warning, and `files=0`.
    public var requireFiles = false

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: [
            "paths", "format", "mapping", "timezone", "max_rejects", "rejects", "max_field_bytes", "require_files",
            "encoding", "delimiter",
        ])
        guard let paths = keys["paths"] else { throw node.error("missing 'paths'") }
        self.paths = try paths.filePaths()
        if let format = keys["format"] {
            guard let parsed = ImportFormat(rawValue: try format.string()) else { throw format.error("expected csv or jsonl") }
            self.format = parsed
        }
        mapping = try keys["mapping"]?.filePath()
        timezone = try keys["timezone"]?.timeZoneName()
        maxRejects = try keys["max_rejects"]?.int()
        if let maxRejects, maxRejects < 0, let node = keys["max_rejects"] { throw node.error("must be 0 or more") }
        rejects = try keys["rejects"]?.filePath()
        maxFieldBytes = try keys["max_field_bytes"]?.int()
        if let maxFieldBytes, maxFieldBytes < 1, let node = keys["max_field_bytes"] { throw node.error("must be 1 or more") }
        requireFiles = try keys["require_files"]?.bool() ?? false
        if let node = keys["encoding"] {
            encoding = try node.string()
            do { try ByteSource.checkEncoding(encoding!) } catch { throw node.error("\(error)") }
        }
        if let node = keys["delimiter"] {
            guard let parsed = CSVDelimiter(argument: try node.string()) else { throw node.error("expected \(CSVDelimiter.expected)") }
            delimiter = parsed
        }
    }
}
