import Foundation
import Synchronization
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketClassification
@testable import TicketJobs

/// A ping endpoint in memory: records each path, answers with the status given (or fails the connection).
final class RecordingPingTransport: HTTPTransport, Sendable {
    let paths = Mutex<[String]>([])
    let answer: @Sendable (Int) -> Int?

    /// - Parameter answer: the status for the n-th request (from 0), nil for a connection error.
    init(answer: @escaping @Sendable (Int) -> Int? = { _ in 200 }) { self.answer = answer }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let index = paths.withLock { paths in
            paths.append(request.url.path)
            return paths.count - 1
        }
        guard let status = answer(index) else { throw URLError(.cannotConnectToHost) }
        return HTTPResponse(status: status, headers: [:], body: Data())
    }

    func download(_ request: HTTPRequest, to file: URL) async throws -> HTTPResponse { fatalError("not used") }
    func upload(_ request: HTTPRequest, fromFile file: URL) async throws -> HTTPResponse { fatalError("not used") }
}

@Suite struct JobMonitoringTests {
    let directory: TemporaryDirectory
    let store: TicketStore
    let logs = LogRecorder()
    static let secret = "0f8fad5b-d9cb-469f-a165-70867728950e"

    init() throws {
        directory = try TemporaryDirectory()
        store = try TicketStore(path: directory.path("t.sqlite"))
    }

    func job(_ steps: String, monitoring: String = "") throws -> JobDefinition {
        let text = "version: 1\nname: nightly\nsteps:\n\(steps)\nmonitoring:\n  ping_url: https://hc.example/\(Self.secret)\n\(monitoring)"
        return try JobDefinition.load(path: try directory.write("nightly.yml", text))
    }

    func runner(_ transport: RecordingPingTransport) -> JobRunner {
        var runner = JobRunner(store: store, environment: [:], logger: logs.logger())
        runner.clock = FixedWallClock(TicketSeeder.date("2026-11-25T10:00:00Z"))
        runner.pingTransport = transport
        runner.pingSleep = { _ in }
        return runner
    }

    var pingPath: String { "/\(Self.secret)" }

    @Test func aSucceedingRunPingsStartThenTheURL() async throws {
        let transport = RecordingPingTransport()
        let csv = try directory.write("in.csv", "id,title,created_at\n1,a,2026-11-20\n")
        let result = try await runner(transport).run(try job("  - import: {paths: [\(csv)]}"))
        #expect(result.status == .succeeded)
        #expect(transport.paths.withLock { $0 } == [pingPath + "/start", pingPath])
    }

    @Test func aFailingRunPingsFail() async throws {
        let transport = RecordingPingTransport()
        let result = try await runner(transport).run(try job("  - import: {paths: [none/*.csv], require_files: true}"))
        #expect(result.status == .failed)
        #expect(transport.paths.withLock { $0 } == [pingPath + "/start", pingPath + "/fail"])
    }

    @Test(arguments: [("", ""), ("  ping_on: {rejected: failure}\n", "/fail")])
    func rejectedRowsCountAsTheJobSays(pingOn: String, suffix: String) async throws {
        let transport = RecordingPingTransport()
        let result = try await runner(transport).run(
            try job("  - import: {paths: [\(Fixtures.path("broken/bad-date.csv"))]}", monitoring: pingOn))
        #expect(result.exitStatus == 3)
        #expect(transport.paths.withLock { $0 } == [pingPath + "/start", pingPath + suffix])
    }

    @Test func aSkippedRunSendsNoStartAndCountsAsASuccessByDefault() async throws {
        let transport = RecordingPingTransport()
        let definition = try job("  - report: {period: 2026-11, out: reports}")
        let runner = runner(transport)
        guard case .acquired(let lock) = try ProcessLock.acquire(path: runner.lockPath(for: definition), now: Date()) else {
            Issue.record("could not take the lock")
            return
        }
        await #expect(throws: JobRunner.RunError.self) { _ = try await runner.run(definition) }
        withExtendedLifetime(lock) {}
        #expect(transport.paths.withLock { $0 } == [pingPath])
    }

    /// Two retries, then a logged error; the run's outcome is untouched and the secret never logged.
    @Test func anUndeliverablePingIsRetriedLoggedAndChangesNothing() async throws {
        let transport = RecordingPingTransport { _ in nil }
        let result = try await runner(transport).run(try job("  - report: {period: 2026-11, out: reports}"))
        #expect(result.status == .succeeded)
        #expect(transport.paths.withLock { $0 }.count == 6)
        #expect(logs.entries.contains { $0.message == "ping given up" })
        for entry in logs.entries { #expect(!"\(entry.message) \(entry.metadata)".contains(Self.secret)) }
        #expect(logs.entries.contains { "\($0.metadata)".contains("https://hc.example/…") })
    }

    @Test func theMetricsFileHoldsTheLastRunInTheTextFormat() async throws {
        let transport = RecordingPingTransport()
        let csv = try directory.write("in.csv", "id,title,created_at\n1,a,2026-11-20\n2,b,2026-11-21\n")
        let definition = try job(
            "  - import: {paths: [\(csv), \(Fixtures.path("broken/bad-date.csv"))]}", monitoring: "  metrics_file: metrics/\n")
        _ = try await runner(transport).run(definition)
        let text = try String(contentsOfFile: directory.path("metrics/ticketjobs-nightly.prom"), encoding: .utf8)
        #expect(text.contains("# TYPE ticketjobs_job_last_run_timestamp_seconds gauge\nticketjobs_job_last_run_timestamp_seconds{job=\"nightly\"} 1795600800\n"))
        #expect(text.contains("ticketjobs_job_last_exit_status{job=\"nightly\"} 3\n"))
        #expect(text.contains("ticketjobs_job_last_success_timestamp_seconds{job=\"nightly\"} 0\n"))
        #expect(text.contains("ticketjobs_import_rows{job=\"nightly\",outcome=\"inserted\"} 3\n"))
        #expect(text.contains("ticketjobs_import_rows{job=\"nightly\",outcome=\"rejected\"} 1\n"))
        #expect(text.contains("# HELP ticketjobs_classify_cost_usd "))
        for name in ["duration_seconds", "classify_tickets"] { #expect(text.contains("ticketjobs_" + (name.hasPrefix("classify") ? name : "job_" + name))) }
    }

    @Test func monitoringKeysAreChecked() throws {
        let bad = try directory.write("bad.yml", "version: 1\nname: x\nsteps:\n  - report: {period: 2026-11}\nmonitoring:\n  ping_url: ftp://x\n")
        #expect(throws: ConfigError.self) { try JobDefinition.load(path: bad) }
        let unknown = try directory.write("unknown.yml", "version: 1\nname: x\nsteps:\n  - report: {period: 2026-11}\nmonitoring:\n  ping_on: {rejected: maybe}\n")
        #expect(throws: ConfigError.self) { try JobDefinition.load(path: unknown) }
    }

    @Test func labelValuesAreEscaped() {
        #expect(MetricsFile.escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
    }
}
