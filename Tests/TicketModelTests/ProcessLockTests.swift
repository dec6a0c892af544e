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
        first = nil  // released, as when a process dies
        guard case .acquired = try ProcessLock.acquire(path: path, now: Date()) else {
            Issue.record("could not take over a released lock")
            return
        }
        _ = first
    }
}
