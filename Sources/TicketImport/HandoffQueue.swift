import Foundation

/// A bounded first-in first-out queue between one producing and one consuming thread, ending with the
/// producer's `close` (or an error in its place) or with either side's `cancel`.
///
/// Blocking, not async: the import's stages are threads of their own, each kept busy on one core.
final class HandoffQueue<Element>: @unchecked Sendable {
    private let capacity: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var elements: [Result<Element, any Error>] = []
    private var closed = false
    private var cancelled = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues `element` once there is room; false when the queue was cancelled (the element is dropped).
    func put(_ element: Element) -> Bool { put(.success(element)) }

    /// Queues an error for the consumer, after the elements before it, and closes the queue.
    func fail(_ error: any Error) {
        _ = put(.failure(error))
        close()
    }

    /// No more elements: the consumer gets nil once it has taken those queued.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops both sides: a waiting `put` returns false, a waiting `take` nil; what was queued is dropped.
    func cancel() {
        condition.lock()
        cancelled = true
        elements.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next element in order; nil once the queue is closed and empty, or cancelled. Rethrows a queued error.
    func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while elements.isEmpty && !closed && !cancelled { condition.wait() }
        guard !cancelled, !elements.isEmpty else { return nil }
        // The queue holds at most `capacity` (a few): shifting them costs nothing.
        let first = elements.removeFirst()
        condition.broadcast()
        return try first.get()
    }

    private func put(_ element: Result<Element, any Error>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while elements.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        elements.append(element)
        condition.broadcast()
        return true
    }
}
