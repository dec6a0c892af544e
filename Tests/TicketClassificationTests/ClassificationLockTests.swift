import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketClassification

@Suite struct ClassificationLockTests {
    let directory: TemporaryDirectory
    let store: TicketStore
    let logs = LogRecorder()
    /// What waiting for the lock sleeps on: time moves only when a test says so.
    let waitClock = ManualClock(autoAdvance: false)

    init() throws {
        directory = try TemporaryDirectory()
        store = try TicketStore(path: directory.path("t.sqlite"))
        try TicketSeeder.seed(store, (0..<3).map { i in
            Ticket(id: "T-\(i)", title: "Ticket \(i)", description: "Body \(i)", createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        })
    }

    func job() -> ClassifyJob {
        var job = ClassifyJob(
            store: store, environment: ["ANTHROPIC_API_KEY": "sk-test", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"],
            logger: logs.logger())
        job.sleepClock = waitClock
        return job
    }

    /// Holds the lock as another run of `classify` on the same database would.
    func otherRun() throws -> ProcessLock {
        guard case .acquired(let lock) = try ProcessLock.acquire(path: directory.path("t.sqlite-classify.lock"), now: Date()) else {
            throw CancellationError()
        }
        return lock
    }

    /// Starts a run while another holds the lock, once it is asleep waiting for it.
    func runBehindAnother() async throws -> (other: ProcessLock, transport: FakeAnthropicTransport, run: Task<ClassifySummary, any Error>) {
        let other = try otherRun()
        let transport = FakeAnthropicTransport(clock: ManualClock())
        let job = job()
        let run = Task { try await job.run(transport: transport) }
        for _ in 0..<1_000_000 where waitClock.sleeperCount == 0 { await Task.yield() }
        try #require(waitClock.sleeperCount > 0, "the run never waited for the lock")
        return (other, transport, run)
    }

    @Test func aSecondRunWaitsForTheFirstAndPaysOnlyForWhatIsLeft() async throws {
        let (other, transport, run) = try await runBehindAnother()
        #expect(transport.received.isEmpty)
        #expect(logs.entries.contains { $0.message == "waiting for another classification of this database to end" && $0.metadata["pid"] == "\(getpid())" })
        // Meanwhile the other run labels two of the three tickets, then ends.
        try await store.writer.write { db in
            try db.execute(sql: """
                UPDATE tickets SET category = 'billing', category_source = 'llm', priority = 'low', priority_source = 'llm'
                WHERE external_id IN ('T-0', 'T-1')
                """)
        }
        other.release()
        waitClock.advance(by: .seconds(1))
        let summary = try await run.value
        #expect(summary.candidates == 1)
        #expect(summary.labeled == 1)
        #expect(transport.received.count == 1)
    }

    @Test func aRunStoppedWhileWaitingSendsNothingAndSaysItWasInterrupted() async throws {
        let (other, transport, run) = try await runBehindAnother()
        run.cancel()
        let summary = try await run.value
        #expect(summary.stoppedBecause == "interrupted")
        #expect(summary.requests == 0)
        #expect(transport.received.isEmpty)
        withExtendedLifetime(other) {}
    }

    @Test func theLockIsFreeOnceARunEnds() async throws {
        var job = job()
        job.sleepClock = ManualClock()
        let summary = try await job.run(transport: FakeAnthropicTransport(clock: ManualClock()))
        #expect(summary.labeled == 3)
        _ = try otherRun()
    }
}
