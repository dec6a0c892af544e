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

/// A single self-overwriting status line on stderr, shown only when stderr is a terminal.
final class ProgressLine: Sendable {
    static let shared = ProgressLine()
    let enabled = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    private let visible = Mutex(false)

    func update(_ text: String) {
        guard enabled else { return }
        visible.withLock { shown in
            // The text names files, which a job's glob may match whatever they are called.
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + TerminalText.escapingControls(text)).utf8))
            shown = true
        }
    }

    /// Clears the line so that other output does not run into it.
    func clear() {
        visible.withLock { shown in
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            shown = false
        }
    }

    /// Runs `body` with the line cleared, for log messages.
    func interrupt(_ body: () -> Void) {
        clear()
        body()
    }
}
