import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// Reads a command's `--json` summary: the last line of its stdout, a JSON object.
public enum JSONSummary {
    public struct NotAnObject: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "the last line of stdout is not a JSON object: \(text.suffix(300))" }
    }

    public static func parse(_ stdout: String) throws -> [String: Any] {
        guard let line = stdout.split(separator: "\n").last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw NotAnObject(text: stdout) }
        return object
    }
}
