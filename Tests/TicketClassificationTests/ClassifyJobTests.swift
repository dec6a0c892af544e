import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketClassification

@Suite struct ClassifyJobTests {
    /// A server that makes every request wait (a retry-after of two minutes, or an hour: the cap of an absurd one)
    /// is said in the log, with how long and until when: cron's log showed nothing for that long, as if the run
    /// had hung.
    @Test func aLongPauseTheServerAsksForIsLogged() async throws {
        let store = try TicketStore()
        let directory = try TemporaryDirectory()
        var importOptions = ImportOptions()
        importOptions.rejectsPath = directory.path("r.csv")
        _ = try Importer(store: store, logger: LogRecorder().logger())
            .run(paths: [Fixtures.path("tickets.csv")], options: importOptions)
        let clock = ManualClock()
        let transport = FakeAnthropicTransport(clock: clock) { request, index in
            index == 0
                ? HTTPResponse(
                    status: 429, headers: ["retry-after": "120"],
                    body: FakeClaude.error(type: "rate_limit_error", message: "slow down"))
                : FakeAnthropicTransport.correctAnswer(request)
        }
        let logs = LogRecorder()
        var job = ClassifyJob(store: store, environment: ["ANTHROPIC_API_KEY": "sk-ant-test"], logger: logs.logger())
        job.provider = .anthropic
        job.options.limit = 3
        job.options.concurrency = 1
        job.clock = FixedWallClock(Date(timeIntervalSince1970: 1_764_000_000))
        job.sleepClock = clock
        let summary = try await job.run(transport: transport)
        #expect(summary.labeled == 3 && summary.rateLimited == 1)
        let paused = logs.entries.filter { $0.message == "requests paused" }
        #expect(paused.count == 1)
        #expect(paused.first?.level == .notice)
        #expect(paused.first?.metadata["seconds"] == "120")
        #expect(paused.first?.metadata["reason"] == "HTTP 429 with retry-after")
        #expect(paused.first?.metadata["until"] == UTCTimestamp.format(epochSeconds: 1_764_000_120))
    }
}
