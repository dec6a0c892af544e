import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel

@Suite struct ProcessLockTests {
    @Test func aSecondHolderIsToldWhoHoldsTheLockAndTakesItOverOnRelease() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("some.lock")
        var first: ProcessLock? = try { guard case .acquired(let lock) = try ProcessLock.acquire(path: path, now: Date()) else { return nil }; return lock }()
        #expect(first != nil)
        guard case .held(let holder) = try ProcessLock.acquire(path: path, now: Date()) else {
            Issue.record("acquired a held lock")
            return
        }
        #expect(holder?.pid == getpid())
        // Looked at without taking it: the same holder; no file made where there was none.
        #expect(ProcessLock.holder(path: path) == holder)
        #expect(ProcessLock.holder(path: directory.path("none.lock")) == nil)
        #expect(!FileManager.default.fileExists(atPath: directory.path("none.lock")))
        // A FIFO where a lock file goes holds nobody, and the look does not wait for a writer.
        #expect(mkfifo(directory.path("fifo.lock"), 0o600) == 0)
        #expect(ProcessLock.holder(path: directory.path("fifo.lock")) == nil)
        first = nil  // released, as when a process dies
        #expect(ProcessLock.holder(path: path) == nil)
        guard case .acquired = try ProcessLock.acquire(path: path, now: Date()) else {
            Issue.record("could not take over a released lock")
            return
        }
        _ = first
    }
}
