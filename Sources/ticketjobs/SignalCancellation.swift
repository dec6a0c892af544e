import ArgumentParser
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

/// Turns SIGINT and SIGTERM into task cancellation, remembering which arrived, so a long run can stop
/// scheduling, let in-flight work finish, record progress and exit 130 or 143. An import stops at its next
/// batch commit and classification once its requests in flight are answered; the timed `exit` is a last resort
/// for work that does not stop in time.
final class SignalCancellation: @unchecked Sendable {
    /// How long in-flight work may take to finish after a signal: a run ends within 10 s of SIGTERM, as
    /// systemd and container runtimes expect, even with a request hanging (its answer is then lost, and the
    /// ticket stays a candidate for the next run).
    static let drainTimeout: TimeInterval = 8
    private let logger: Logger
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?
    private var cancel: (@Sendable () -> Void)?

    /// Takes over SIGINT and SIGTERM at once, before the work starts: a signal that arrived between the work's
    /// first step (a log line a supervisor may wait for) and `install` used to kill the process outright.
    ///
    /// - Parameter logger: where the stop is said, as a log line like the command's others (JSON when
    ///   stderr is not a terminal).
    init(logger: Logger) {
        self.logger = logger
        for signalNumber in [SIGINT, SIGTERM] {
            Foundation.signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.receive(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal received, if any.
    var signal: Int32? { lock.withLock { received } }

    /// Cancels `task` on SIGINT or SIGTERM (at once if one has arrived already).
    func install(cancelling task: Task<some Sendable, some Error>) {
        let signalled = lock.withLock {
            cancel = { task.cancel() }
            return received != nil
        }
        if signalled { task.cancel() }
    }

    private func receive(_ signalNumber: Int32) {
        let cancel = lock.withLock {
            if received == nil { received = signalNumber }
            return self.cancel
        }
        logger.notice(
            "stopping: finishing the work in flight",
            metadata: [
                "signal": "\(signalNumber == SIGTERM ? "SIGTERM" : "SIGINT")",
                "at_most_seconds": "\(Int(SignalCancellation.drainTimeout))",
            ])
        cancel?()
        // The wait is bounded: a request stuck in retries must not hold a stopping job forever.
        let logger = self.logger
        DispatchQueue.global().asyncAfter(deadline: .now() + SignalCancellation.drainTimeout) {
            logger.error("work in flight did not finish in time; exiting")
            exit(signalNumber == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted)
        }
    }

    /// Installs the cancellation of `task` and returns its value; when a signal stopped it (it threw
    /// `CancellationError`), says `stopped` as the reason (if given) and throws the signal's exit status.
    func value<T: Sendable>(of task: Task<T, any Error>, stopped: String? = nil) async throws -> T {
        install(cancelling: task)
        do {
            return try await task.value
        } catch is CancellationError {
            ProgressLine.shared.clear()
            if let stopped { Output.failure(stopped, prefix: "stopped: ") }
            throw ExitCode(exitStatus ?? ExitStatus.interrupted)
        }
    }

    /// The exit status for the signal received.
    var exitStatus: Int32? {
        signal.map { $0 == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted }
    }
}
