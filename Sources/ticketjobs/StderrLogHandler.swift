import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

/// Logs to stderr: readable lines on a terminal, one JSON object per line otherwise (for journald, files).
struct StderrLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    let structured = isatty(STDERR_FILENO) == 0
    /// Info messages the command's stdout summary says again (see `GlobalOptions.makeLogger`).
    var repeatedOnStdout: Set<String> = []

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // On a terminal the progress line shows what runs and stdout what was done: an info line saying it again
        // is for the structured log (cron, journald), and left out here unless --log-level debug asks for detail.
        if !structured, event.level == .info, logLevel == .info, repeatedOnStdout.contains(event.message.description) {
            return
        }
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let line: String
        if structured {
            var object: [String: String] = [
                "time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue,
                "logger": label, "message": event.message.description,
            ]
            for (key, value) in merged { object[key] = "\(value)" }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        } else {
            let details = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            // One event, one line: a value's newline would forge another, its escape sequences run.
            line = TerminalText.escapingControls(
                "\(event.level.rawValue): \(event.message)" + (details.isEmpty ? "" : " (\(details))"))
        }
        ProgressLine.shared.interrupt {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
