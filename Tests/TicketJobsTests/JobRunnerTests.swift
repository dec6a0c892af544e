import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketJobs

@Suite struct JobRunnerTests {
    let directory: TemporaryDirectory
    let store: TicketStore
    let logs = LogRecorder()

    init() throws {
        directory = try TemporaryDirectory()
        store = try TicketStore(path: directory.path("t.sqlite"))
    }

    /// A batch step stopped while it waits for another classification of the database: the run is recorded as
    /// interrupted (exit 130/143 from the command), not as a failed step with "CancellationError".
    @Test func aStepStoppedWhileWaitingForAnotherClassificationInterruptsTheRun() async throws {
        let path = try directory.write("nightly.yml", "version: 1\nname: nightly\nsteps:\n  - classify: {batch: true}\n  - report: {period: 2026-11, out: reports}\n")
        guard case .acquired(let other) = try ProcessLock.acquire(path: directory.path("t.sqlite-classify.lock"), now: Date()) else {
            Issue.record("could not take the lock")
            return
        }
        var runner = JobRunner(store: store, environment: ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"], logger: logs.logger())
        runner.clock = FixedWallClock(TicketSeeder.date("2026-12-01T02:00:00Z"))
        let definition = try JobDefinition.load(path: path)
        let run = Task { try await runner.run(definition) }
        for _ in 0..<1_000_000 where !logs.entries.contains(where: { $0.message.hasPrefix("waiting for another classification") }) {
            await Task.yield()
        }
        try #require(logs.entries.contains { $0.message.hasPrefix("waiting for another classification") })
        run.cancel()
        let result = try await run.value
        #expect(result.status == .interrupted)
        #expect(result.steps.map(\.status) == ["interrupted"])
        withExtendedLifetime(other) {}
    }

    /// An export step with a period writes the tickets created in it (in the job's time zone) to a file named after
    /// it: a nightly `yesterday` or a weekly `last-week` export never replaces the last one.
    @Test func anExportStepWithAPeriodWritesThatPeriodToItsOwnFile() async throws {
        let created = ["2026-11-22T23:30:00Z", "2026-11-23T10:00:00Z", "2026-11-29T23:30:00Z", "2026-11-30T10:00:00Z"]
        try TicketSeeder.seed(store, created.enumerated().map { Ticket(id: "W-\($0)", title: "t", description: "", createdAt: TicketSeeder.date($1)) })
        let path = try directory.write(
            "weekly.yml", "version: 1\nname: weekly\ntimezone: Europe/Berlin\nsteps:\n  - export: {out: 'exports/labels-{period}.csv', period: last-week}\n")
        var runner = JobRunner(store: store, environment: [:], logger: logs.logger())
        runner.clock = FixedWallClock(TicketSeeder.date("2026-12-01T02:00:00Z"))
        let result = try await runner.run(try JobDefinition.load(path: path))
        #expect(result.status == .succeeded, "\(result)")
        #expect(result.steps.first?.details["period"] == "2026-W48" && result.steps.first?.details["tickets"] == "2")
        // Monday 23 to Sunday 29 November in Berlin: 23:30 UTC on the 22nd is the 23rd there; on the 29th, the 30th.
        let text = try String(contentsOfFile: directory.path("exports/labels-2026-W48.csv"), encoding: .utf8)
        #expect(text.contains("\"W-0\"") && text.contains("\"W-1\"") && !text.contains("\"W-2\"") && !text.contains("\"W-3\""), "\(text)")
    }

    /// An import step without `mapping:` is read as `import` without `--mapping` is: a file whose columns are a
    /// preset's (Zendesk's JSON export) stops the step, naming the preset; a step that names a mapping, even our
    /// own, imports under it.
    @Test func anImportStepWithoutAMappingStopsAPresetsExportAndOneWithAMappingImportsIt() async throws {
        try directory.write(
            "zendesk.jsonl",
            #"{"id": 101, "subject": "Refund", "description": "Charged twice", "status": "open", "created_at": "2026-11-02T10:00:00Z"}"# + "\n")
        let path = try directory.write(
            "import.yml",
            """
            version: 1
            name: import
            steps:
              - import: {paths: [zendesk.jsonl]}
                continue_on_error: true
              - import: {paths: [zendesk.jsonl], mapping: zendesk}
            """)
        let result = try await JobRunner(store: store, environment: [:], logger: logs.logger()).run(try JobDefinition.load(path: path))
        #expect(result.steps.map(\.status) == ["failed", "succeeded"], "\(result.steps)")
        #expect(result.steps.first?.error?.contains("has zendesk's columns (subject as title)") == true, "\(result.steps)")
        #expect(try store.ticketsInSourceOrder().map(\.title) == ["Refund"])
    }

    /// Each step that ends says what it did in the log, with the details `run` prints: under `schedule` (journald,
    /// a log file) the log is all there is. A step that left work undone is a notice; a failed one an error.
    @Test func eachStepLogsWhatItDid() async throws {
        try directory.write(
            "tickets.csv",
            "id,title,description,category,priority,status,created_at\nA-1,t,d,billing,low,open,2026-11-02T10:00:00Z\nA-2,t,d,billing,low,open,yesterday\n")
        let path = try directory.write(
            "nightly.yml",
            """
            version: 1
            name: nightly
            steps:
              - import: {paths: [tickets.csv]}
              - report: {period: 2026-11, out: reports}
              - classify: {provider: anthropic}
            """)
        let result = try await JobRunner(store: store, environment: [:], logger: logs.logger()).run(try JobDefinition.load(path: path))
        #expect(result.steps.map(\.status) == ["rejected_rows", "succeeded", "failed"], "\(result.steps)")
        let finished = logs.entries.filter { $0.message == "step finished" }
        try #require(finished.count == 2, "\(logs.entries.map(\.message))")
        #expect(finished[0].level == .notice)
        #expect(finished[0].metadata["job"] == "nightly" && finished[0].metadata["step"] == "import")
        #expect(finished[0].metadata["status"] == "rejected_rows")
        #expect(finished[0].metadata["inserted"] == "1" && finished[0].metadata["rejected"] == "1", "\(finished[0].metadata)")
        #expect(finished[1].level == .info && finished[1].metadata["step"] == "report" && finished[1].metadata["period"] == "2026-11")
        #expect(finished[1].metadata["run"] == finished[0].metadata["run"] && finished[1].metadata["tickets"] == "1")
        #expect(logs.entries.contains { $0.message == "job step failed" && $0.level == .error && $0.metadata["step"] == "classify" })
    }

    /// Under `schedule` the store stays open for days: a run that comes due while an import another process started
    /// has the database to itself waits for its load, saying so, instead of failing after the busy timeout.
    @Test func aRunWaitsForAnImportThatHasTheDatabaseToItself() async throws {
        let path = try directory.write(
            "weekly.yml", "version: 1\nname: weekly\nsteps:\n  - report: {period: 2026-11, out: reports}\n")
        guard case .acquired(let acquired) = try ProcessLock.acquire(path: TicketStore.loadLockPath(store.path!), now: Date()) else {
            Issue.record("the load lock is held")
            return
        }
        // Released from the injected sleep, as the import's end would.
        nonisolated(unsafe) let load = acquired
        var runner = JobRunner(store: store, environment: [:], logger: logs.logger())
        var wait = LoadWait(limit: .seconds(60))
        wait.sleep = { _ in load.release() }
        runner.loadWait = wait
        let result = try await runner.run(try JobDefinition.load(path: path))
        #expect(result.status == .succeeded)
        let messages = logs.entries.map(\.message)
        let waiting = try #require(messages.firstIndex(of: "waiting for an import that has the database to itself"))
        let entry = logs.entries[waiting]
        #expect(entry.level == .notice && entry.metadata["job"] == "weekly" && entry.metadata["pid"] == "\(getpid())")
        // Told before the run began.
        #expect(try #require(messages.firstIndex(of: "job started")) > waiting, "\(messages)")
    }
}
