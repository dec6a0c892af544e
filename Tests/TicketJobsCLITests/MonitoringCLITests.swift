import Foundation
import Synchronization
import Testing
import TicketJobsTestSupport

/// `run --ping-url` as the built binary, its pings sent by the production transport to a real server on
/// 127.0.0.1: the order of the pings, and a ping server that is down never changing the job's exit status
/// nor putting the URL's secret path in the log.
@Suite struct MonitoringCLITests {
    let directory: TemporaryDirectory
    static let secret = "7c9e6679-7425-40de-944b-e07fc1f90ae7"

    init() throws {
        directory = try TemporaryDirectory()
        try directory.write("in.csv", "id,title,created_at\n1,a,2026-11-20\n2,b,2026-11-21\n")
        try directory.write("nightly.yml", "version: 1\nname: nightly\nsteps:\n  - import:\n      paths: [in.csv]\n")
    }

    @Test func pingsStartThenSuccessThroughARealServer() async throws {
        let paths = Mutex<[String]>([])
        let server = try await LoopbackHTTPServer { request in
            paths.withLock { $0.append(request.path) }
            return .init(status: 200, body: Data("OK".utf8))
        }
        let port = server.port
        let result = try await CommandRunner(workingDirectory: directory.url).runDetached([
            "run", "nightly.yml", "--db", "t.sqlite", "--ping-url", "http://127.0.0.1:\(port)/\(Self.secret)",
        ])
        await server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(paths.withLock { $0 } == ["/\(Self.secret)/start", "/\(Self.secret)"])
    }

    @Test func aPingServerThatIsDownChangesNothing() async throws {
        let result = try await CommandRunner(workingDirectory: directory.url).runDetached([
            "run", "nightly.yml", "--db", "t.sqlite", "--ping-url", "http://127.0.0.1:1/\(Self.secret)",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("ping given up"))
        #expect(result.stderr.contains("Connection refused"))
        #expect(!result.stderr.contains(Self.secret) && !result.stdout.contains(Self.secret))
    }
}
