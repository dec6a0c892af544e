import Foundation
import Synchronization
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
    /// Whether a JSON summary went out, and why the command fails (for `--json`'s `FailureSummary`).
    private static let record = Mutex<(printedJSON: Bool, failure: String?)>((false, nil))

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
        record.withLock { $0.printedJSON = true }
    }

    /// Why the command fails or stops, on stderr after `prefix`; `--json` prints it too, unless a summary went out.
    static func failure(_ text: String, prefix: String = "error: ") {
        record.withLock { $0.failure = text }
        error(prefix + text)
    }

    /// With `--json`, a command that exits with `status` without having printed its summary prints why instead.
    /// `reason` says why when no `failure` was recorded (a usage error, say).
    static func failedAsJSON(exitStatus status: Int32, reason given: String? = nil) {
        let (printed, failure) = record.withLock { ($0.printedJSON, $0.failure) }
        guard !printed, status != ExitStatus.ok else { return }
        let reason = failure ?? given ?? (status == ExitStatus.interrupted || status == ExitStatus.terminated ? "interrupted" : "failed")
        try? printJSON(FailureSummary(error: reason, exitStatus: status))
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
