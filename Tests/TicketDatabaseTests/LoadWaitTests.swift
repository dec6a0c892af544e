import Foundation
import Synchronization
import Testing
import TicketJobsTestSupport

@testable import TicketDatabase
@testable import TicketModel

/// A command waits for an import that has the database to itself, up to a limit, without sleeping in these tests.
@Suite struct LoadWaitTests {
    let directory: TemporaryDirectory
    let path: String
    let logs = LogRecorder()

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("t.sqlite")
    }

    /// Holds the load lock as an import's load does.
    func holdLoadLock() throws -> ProcessLock {
        guard case .acquired(let lock) = try ProcessLock.acquire(path: TicketStore.loadLockPath(path), now: Date())
        else {
            throw CancellationError()
        }
        return lock
    }

    @Test func withNoLoadItReturnsAtOnce() throws {
        let slept = Mutex(0)
        var wait = LoadWait()
        wait.sleep = { _ in slept.withLock { $0 += 1 } }
        try wait.untilLoadEnds(path: path, logger: logs.logger())
        // Nor does a lock file a finished load left behind hold anyone up.
        try holdLoadLock().release()
        try wait.untilLoadEnds(path: path, logger: logs.logger())
        #expect(logs.entries.isEmpty && slept.withLock { $0 } == 0)
    }

    @Test func itWaitsUntilTheLoadEndsSayingWhoHasTheDatabase() throws {
        // Released from the injected sleep, as the import's end would.
        nonisolated(unsafe) let lock = try holdLoadLock()
        let slept = Mutex<[Duration]>([])
        var wait = LoadWait(limit: .seconds(60))
        wait.sleep = { duration in
            let count = slept.withLock {
                $0.append(duration); return $0.count
            }
            if count == 3 { lock.release() }
        }
        try wait.untilLoadEnds(path: path, logger: logs.logger(), metadata: ["db": "t.sqlite"])
        #expect(slept.withLock { $0 } == Array(repeating: .milliseconds(250), count: 3))
        #expect(logs.entries.map { $0.metadata["pid"] } == ["\(getpid())"])
        let entry = try #require(logs.entries.first)
        #expect(entry.message == "waiting for an import that has the database to itself" && entry.level == .notice)
        #expect(
            entry.metadata["db"] == "t.sqlite" && entry.metadata["at_most"] == "60 s"
                && entry.metadata["setting"] == "TICKETJOBS_WAIT_FOR_IMPORT")
    }

    @Test func pastTheLimitItStopsNamingTheImportAndHowLongItWaited() throws {
        let lock = try holdLoadLock()
        defer { lock.release() }
        let slept = Mutex<[Duration]>([])
        var wait = LoadWait(limit: .milliseconds(600))
        wait.sleep = { duration in slept.withLock { $0.append(duration) } }
        let error = try #require(throws: StoreError.self) { try wait.untilLoadEnds(path: path, logger: logs.logger()) }
        guard case .lockedByLoad(let lockedPath, let pid, _, let waited) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(lockedPath == path && pid == getpid() && waited == .milliseconds(600))
        // The last look comes at the limit, not a whole interval past it.
        #expect(slept.withLock { $0 } == [.milliseconds(250), .milliseconds(250), .milliseconds(100)])
        #expect(StoreError.isLocked(error))
        #expect(
            "\(error)".contains("locked by another process (waited 0 s): an import (pid \(getpid()), since "),
            "\(error)")
    }

    @Test func aLimitOfNothingDoesNotWait() throws {
        let lock = try holdLoadLock()
        defer { lock.release() }
        var wait = try LoadWait.from(environment: ["TICKETJOBS_WAIT_FOR_IMPORT": "0"])
        wait.sleep = { _ in Issue.record("slept") }
        #expect(throws: StoreError.self) { try wait.untilLoadEnds(path: path, logger: logs.logger()) }
        #expect(logs.entries.isEmpty)
    }

    @Test func theEnvironmentSetsTheLimitInSeconds() throws {
        #expect(try LoadWait.from(environment: [:]).limit == .seconds(1800))
        #expect(try LoadWait.from(environment: ["TICKETJOBS_WAIT_FOR_IMPORT": "90"]).limit == .seconds(90))
        for bad in ["", "ten", "-5", "1.5"] {
            #expect(throws: LoadWaitError.invalidLimit(variable: "TICKETJOBS_WAIT_FOR_IMPORT", value: bad)) {
                try LoadWait.from(environment: ["TICKETJOBS_WAIT_FOR_IMPORT": bad])
            }
        }
    }

    @Test func aCancelledTaskStopsWaiting() async throws {
        let lock = try holdLoadLock()
        defer { lock.release() }
        let slept = Mutex(0)
        var wait = LoadWait(limit: .seconds(60))
        wait.sleep = { _ in slept.withLock { $0 += 1 } }
        let (path, logger) = (path, logs.logger())
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try wait.untilLoadEnds(path: path, logger: logger)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(slept.withLock { $0 } == 0)
    }

    @Test func durationsAreSpokenInSecondsThenMinutes() {
        #expect(StoreError.spoken(.seconds(10)) == "10 s")
        #expect(StoreError.spoken(.milliseconds(1500)) == "1 s")
        #expect(StoreError.spoken(.seconds(1800)) == "30 min")
    }
}
