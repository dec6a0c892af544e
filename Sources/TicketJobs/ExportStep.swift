import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// `export` in a job.
public struct ExportStep: Sendable {
    public var out: String
    /// Default: `ExportOptions`'.
    public var format: ImportFormat?

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["out", "format"])
        guard let out = keys["out"] else { throw node.error("missing 'out'") }
        self.out = try out.string()
        if let format = keys["format"] {
            guard let parsed = ImportFormat(rawValue: try format.string()) else { throw format.error("expected csv or jsonl") }
            self.format = parsed
        }
    }
}
