import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

/// Turns SIGINT and SIGTERM into task cancellation, remembering which arrived, so a long run can stop
/// scheduling, let in-flight work finish, record progress and exit 130 or 143. An import stops at its next
/// batch commit and classification once its requests in flight are answered; the timed `exit` is a last resort
/// for work that does not stop in time.
final class SignalCancellation: @unchecked Sendable {
    /// How long in-flight work may take to finish after a signal.
    static let drainTimeout: TimeInterval = 60
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    /// The signal received, if any.
    var signal: Int32? { lock.withLock { received } }

    /// Cancels `task` on SIGINT or SIGTERM.
    func install(cancelling task: Task<some Sendable, some Error>) {
        for signalNumber in [SIGINT, SIGTERM] {
            Foundation.signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in
                self?.lock.withLock { if self?.received == nil { self?.received = signalNumber } }
                Output.error("stopping: finishing the work in flight (at most \(Int(SignalCancellation.drainTimeout)) s)…")
                task.cancel()
                // The wait is bounded: a request stuck in retries must not hold a stopping job forever.
                DispatchQueue.global().asyncAfter(deadline: .now() + SignalCancellation.drainTimeout) {
                    Output.error("error: requests in flight did not finish in time; exiting")
                    exit(signalNumber == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The exit status for the signal received.
    var exitStatus: Int32? {
        signal.map { $0 == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted }
    }
}
