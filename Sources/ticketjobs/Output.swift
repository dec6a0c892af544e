import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

/// Where results go: stdout carries results only.
enum Output {
    /// A summary as one JSON line; an object gains `ticketjobs_version`, so that a log of summaries says which
    /// build wrote each.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(value)
        // Appended before the closing brace, the encoder's own text untouched (re-encoding would reformat numbers).
        if data.first == UInt8(ascii: "{"), data.last == UInt8(ascii: "}"), data.count > 2 {
            data.removeLast()
            data += Data(",\"ticketjobs_version\":".utf8) + (try encoder.encode(BuildInfo.version)) + Data("}".utf8)
        }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// A result or summary in words (data goes out as written, through `FileHandle`); as `error`, controls
    /// other than newlines and tabs are written out.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((TerminalText.escapingControls(text, keeping: ["\n", "\t"]) + "\n").utf8))
    }

    /// `count` and `noun`, the noun plural unless the count is one: "1 ticket", "0 tickets", "300 tickets".
    static func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    /// A message for a person; its lines stay lines, any other control character is written out.
    static func error(_ text: String) {
        ProgressLine.shared.clear()
        let safe = TerminalText.escapingControls(text, keeping: ["\n", "\t"])
        FileHandle.standardError.write(Data((safe + "\n").utf8))
    }
}
