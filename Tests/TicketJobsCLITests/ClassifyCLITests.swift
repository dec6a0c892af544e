import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketJobs

/// The built binary against a fake Messages API on 127.0.0.1.
@Suite(.serialized) struct ClassifyCLITests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func runner(_ environment: [String: String] = [:]) -> CommandRunner {
        CommandRunner(workingDirectory: directory.url, environment: environment)
    }

    func json(_ text: String) throws -> [String: Any] { try JSONSummary.parse(text) }

    @Test func classifiesThroughTheFakeServerWithinItsRateLimit() async throws {
        // Five requests a second at the server; the client is told 600 a minute and must recover from 429s.
        let server = try await FakeAnthropicServer(requestsPerMinute: 5, window: 1, expectedKey: "sk-test")
        let base = server.baseURL
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite", "--json"])
        let env = ["ANTHROPIC_API_KEY": "sk-test", "ANTHROPIC_BASE_URL": base]
        let result = try await runner(env).runDetached(
            ["classify", "--db", "t.sqlite", "--limit", "30", "--concurrency", "4", "--rpm", "600", "--itpm", "10000000",
             "--otpm", "1000000", "--json"])
        await server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result.stdout)
        #expect(summary["provider"] as? String == "anthropic")
        #expect(summary["labeled"] as? Int == 30)
        #expect(summary["failed"] as? Int == 0)
        let stats = server.snapshot
        #expect((summary["requests"] as? Int) == stats.requests)
        #expect((summary["rate_limited"] as? Int) == stats.rateLimited)
        #expect(stats.apiKeysSeen == ["sk-test"])
        #expect(!result.stderr.contains("sk-test"))
        let export = try runner().run(["export", "--db", "t.sqlite", "--format", "jsonl"])
        #expect(export.stdout.contains("\"label_source\":\"llm\""))
    }

    @Test func llmAPIKeyIsAcceptedAndABadKeyStopsTheRunWithOne() async throws {
        let server = try await FakeAnthropicServer(expectedKey: "right")
        let base = server.baseURL
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let result = try await runner(["LLM_API_KEY": "wrong", "ANTHROPIC_BASE_URL": base]).runDetached(
            ["classify", "--db", "t.sqlite", "--concurrency", "2"])
        await server.stop()
        #expect(result.status == 1)
        #expect(result.stderr.contains("rejected the API key (401)"))
        #expect(server.snapshot.requests <= 2)
    }

    /// Two runs at once on one database (a nightly job, and a person at a terminal) never pay for the same
    /// ticket twice: the second waits for the first to end, then takes the candidates left. Before, both sent
    /// every ticket.
    @Test func twoRunsAtOnceNeverPayForOneTicketTwice() async throws {
        let server = try await FakeAnthropicServer(requestsPerMinute: 6000, expectedKey: "k", latency: .milliseconds(200))
        let base = server.baseURL
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let arguments = ["classify", "--db", "t.sqlite", "--limit", "20", "--concurrency", "2", "--json"]
        async let first = runner(["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": base]).runDetached(arguments)
        async let second = runner(["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": base]).runDetached(arguments)
        let (one, other) = try await (first, second)
        let results = [one, other]
        await server.stop()
        #expect(results.map(\.status) == [0, 0], "\(results.map(\.stderr))")
        #expect(results.contains { $0.stderr.contains("waiting for another classification of this database to end") })
        let (calls, tickets) = try await DatabaseQueue(path: directory.path("t.sqlite")).read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM classification_calls")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT ticket_id) FROM classification_calls")!)
        }
        #expect(calls == 40 && tickets == 40)
        #expect(server.snapshot.requests == 40)
    }

    /// Nothing answers: every ticket tried fails, the run exits 1 saying why, and a request that got no answer
    /// costs nothing (not "unknown").
    @Test func aRunThatLabelsNothingExitsOneAndSaysItWasTheConnection() throws {
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        // Port 9 (discard) on loopback: nothing listens, the connection is refused.
        let result = try runner(["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"]).run(
            ["classify", "--db", "t.sqlite", "--limit", "2", "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("none of the 2 tickets tried could be classified"), "\(result.stderr)")
        #expect(result.stderr.contains("connection"), "\(result.stderr)")
        #expect(!result.stderr.contains("no price for this model"))
        let summary = try json(result.stdout)
        #expect(summary["cost_usd"] as? Double == 0)
        #expect(summary["labeled"] as? Int == 0 && summary["failed"] as? Int == 2)
    }

    /// A base URL that is no URL at all stops the run before any ticket, naming the variable (it used to retry
    /// every ticket for minutes).
    @Test func aMalformedBaseURLStopsTheRunAtOnce() throws {
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let result = try runner(["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "not-a-url"]).run(
            ["classify", "--db", "t.sqlite", "--provider", "anthropic"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("ANTHROPIC_BASE_URL 'not-a-url' is not an http:// or https:// URL"), "\(result.stderr)")
        #expect(!result.stderr.contains("sk-") && !result.stderr.contains("\"k\""))
    }

    /// A dry run sends nothing, so it needs no key, even for Claude.
    @Test func aDryRunNeedsNoKey() throws {
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let result = try runner().run(["classify", "--db", "t.sqlite", "--provider", "anthropic", "--dry-run", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let estimate = try json(result.stdout)
        #expect(estimate["model"] as? String == "claude-haiku-4-5")
        #expect((estimate["tickets"] as? Int ?? 0) > 0)
    }

    @Test func withoutAKeyTheLocalClassifierLabelsOffline() throws {
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let result = try runner().run(["classify", "--db", "t.sqlite", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result.stdout)
        #expect(summary["provider"] as? String == "local")
        #expect(summary["labeled"] as? Int == summary["candidates"] as? Int)
        let again = try runner().run(["classify", "--db", "t.sqlite", "--json"])
        #expect(try json(again.stdout)["candidates"] as? Int == 0)
    }

    /// A store whose labeled tickets all have one category teaches the local classifier nothing: classify stops
    /// (exit 1) with nothing labeled, where it labeled every ticket with that category at a confidence of 1. With
    /// two of the four categories it labels, and says which two it never answers.
    @Test func theLocalClassifierNeedsTwoCategoriesToLearnFrom() throws {
        let fixtures = try CSVTestReader(path: Fixtures.path("tickets.csv"))
        func write(_ name: String, categories: Set<String>) throws -> String {
            let kept = fixtures.rows.filter { ($0["category"] ?? "").isEmpty || categories.contains($0["category"]!) }
            try CSVTestReader.write(kept, header: fixtures.header, to: directory.path(name))
            return directory.path(name)
        }
        #expect(try runner().run(["import", try write("billing.csv", categories: ["billing"]), "--db", "one.sqlite"]).status == 0)
        let one = try runner().run(["classify", "--db", "one.sqlite", "--provider", "local"])
        #expect(one.status == 1, "\(one.stdout)")
        #expect(one.stderr.contains("needs labeled tickets of two categories at least to learn from: the "), "\(one.stderr)")
        #expect(one.stderr.contains("are all billing, so it would answer billing for every ticket"), "\(one.stderr)")
        let labeled = try DatabaseQueue(path: directory.path("one.sqlite")).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE category_source = 'local'")
        }
        #expect(labeled == 0)

        #expect(try runner().run(["import", try write("two.csv", categories: ["billing", "technical"]), "--db", "two.sqlite"]).status == 0)
        let two = try runner().run(["classify", "--db", "two.sqlite", "--provider", "local"])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stderr.contains(#""categories":"account,general""#) && two.stderr.contains("never answers them"), "\(two.stderr)")
    }

    /// On a terminal the progress line and the summary say what ran and what it did: the log's info lines that
    /// repeat them (started, finished) are left to the structured log (util-linux's `script` gives a terminal).
    @Test func onATerminalTheSummaryIsNotSaidTwice() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "util-linux's script gives the command a terminal")
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let terminal = try runner().run(
            ["-qec", "'\(Fixtures.binary.path)' classify --db t.sqlite --provider local", "/dev/null"], executable: script)
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("classifying: 124/124") && terminal.stdout.contains("124 candidates, 124 labeled"), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("info: local classifier trained"), "\(terminal.stdout)")
        #expect(!terminal.stdout.contains("classification started") && !terminal.stdout.contains("classification finished"))
        let piped = try runner().run(["classify", "--db", "t.sqlite", "--provider", "local", "--relabel"])
        #expect(piped.stderr.contains(#""message":"classification finished""#), "\(piped.stderr)")
    }

    @Test func dryRunSendsNothingAndEstimatesCost() async throws {
        let server = try await FakeAnthropicServer(expectedKey: "k")
        let base = server.baseURL
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let result = try await runner(["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": base]).runDetached(
            ["classify", "--db", "t.sqlite", "--dry-run", "--json"])
        await server.stop()
        #expect(result.status == 0)
        #expect(server.snapshot.requests == 0)
        let estimate = try json(result.stdout)
        #expect(estimate["model"] as? String == "claude-haiku-4-5")
        #expect((estimate["cost_usd"] as? Double ?? 0) > 0)
        #expect(estimate["prompt_caching"] as? Bool == false)
    }
}
