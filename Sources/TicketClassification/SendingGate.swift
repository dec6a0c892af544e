import Synchronization

/// Lets a stop (SIGINT, SIGTERM) reach a classification that waits to send, but never one whose request is
/// on the wire: a request under way finishes and its answer is stored, since it is paid for; one still waiting
/// for the rate limiter, or for its next retry, is not sent at all.
///
/// The runner runs each classification on an unstructured task (which cancellation does not reach) with a gate
/// as `SendingGate.current`; the classifier brackets each send with `beginSending` and `endSending`; the
/// runner's cancellation handler calls `stop`, which cancels the task only while nothing is being sent, and
/// makes the next `beginSending` refuse.
public final class SendingGate: Sendable {
    /// The gate of the classification running on this task, if a runner gave it one.
    @TaskLocal public static var current: SendingGate?

    private struct State {
        var sending = false
        var stopped = false
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Runs `body` on an unstructured task with this gate as `current`, returning its result; a stop cancels
    /// that task while it is not sending.
    public func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        let result = Mutex<T?>(nil)
        let task = Task {
            let value = await SendingGate.$current.withValue(self) { await body() }
            result.withLock { $0 = value }
        }
        let cancelNow = state.withLock { state -> Bool in
            state.task = task
            return state.stopped && !state.sending
        }
        if cancelNow { task.cancel() }
        await withTaskCancellationHandler { await task.value } onCancel: { self.stop() }
        return result.withLock { $0! }
    }

    /// Called right before a request is sent; false when the run was stopped (then nothing is sent).
    public func beginSending() -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.sending = true
            return true
        }
    }

    /// Called once the answer (or the connection's failure) is in.
    public func endSending() {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.sending = false
            return state.stopped ? state.task : nil
        }
        task?.cancel()
    }

    /// Stops the classification: at once when it is waiting, after its answer when it is sending.
    public func stop() {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.stopped = true
            return state.sending ? nil : state.task
        }
        task?.cancel()
    }
}
