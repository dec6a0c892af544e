import Foundation
import Testing

@testable import TicketImport

@Suite struct HandoffQueueTests {
    struct Broken: Error {}

    @Test func elementsThenTheEndInOrder() throws {
        let queue = HandoffQueue<Int>(capacity: 3)
        #expect(queue.put(1) && queue.put(2))
        queue.close()
        #expect(try queue.take() == 1)
        #expect(try queue.take() == 2)
        #expect(try queue.take() == nil)
    }

    @Test func anErrorComesAfterTheElementsBeforeIt() throws {
        let queue = HandoffQueue<Int>(capacity: 3)
        #expect(queue.put(1))
        queue.fail(Broken())
        #expect(try queue.take() == 1)
        #expect(throws: Broken.self) { try queue.take() }
        #expect(try queue.take() == nil)
    }

    /// A full queue holds its producer until the consumer takes; cancelling releases a producer still held.
    @Test(.timeLimit(.minutes(1))) func aFullQueueHoldsItsProducerUntilTakenOrCancelled() throws {
        let queue = HandoffQueue<Int>(capacity: 2)
        let results = ProducerResults()
        let done = DispatchSemaphore(value: 0)
        let producer = Thread {
            for value in 1...4 { results.append(queue.put(value)) }
            done.signal()
        }
        producer.start()
        // The third put waits for room: taking one lets it in, the fourth then waits again.
        #expect(try queue.take() == 1)
        #expect(try queue.take() == 2)
        #expect(try queue.take() == 3)
        queue.cancel()
        done.wait()
        #expect(results.values.prefix(3) == [true, true, true])
        // The fourth was either queued before the cancel (and dropped by it) or refused by it.
        #expect(try queue.take() == nil)
        #expect(!queue.put(5))
    }

    final class ProducerResults: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Bool] = []
        func append(_ value: Bool) { lock.withLock { stored.append(value) } }
        var values: [Bool] { lock.withLock { stored } }
    }
}
