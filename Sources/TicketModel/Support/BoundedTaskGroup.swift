/// A TaskGroup with at most `limit` children in flight, whose children return values instead of throwing.
package enum BoundedTaskGroup {
    /// Runs `work` for each element. `onResult` runs in the calling task, one result at a time as they
    /// arrive (so it may write to the database or mutate the caller's state), and returns false to stop
    /// scheduling. Cancelling the calling task also stops scheduling; children already started finish. With
    /// `cancelOnStop`, a stop also cancels the children in flight (whose work then decides what cancelling
    /// means: the classifier's `SendingGate` lets a request on the wire finish), and their outputs still arrive.
    package static func run<Element: Sendable, Output: Sendable>(
        _ elements: [Element], limit: Int, cancelOnStop: Bool = false, work: @escaping @Sendable (Element) async -> Output,
        onResult: (Output) -> Bool
    ) async {
        var iterator = elements.makeIterator()
        var keepScheduling = true
        await withTaskGroup(of: Output.self) { group in
            var inFlight = 0
            func schedule() {
                while keepScheduling, inFlight < max(1, limit), !Task.isCancelled, let element = iterator.next() {
                    group.addTask { await work(element) }
                    inFlight += 1
                }
            }
            schedule()
            while let output = await group.next() {
                inFlight -= 1
                if !onResult(output), keepScheduling {
                    keepScheduling = false
                    if cancelOnStop { group.cancelAll() }
                }
                schedule()
            }
        }
    }
}
