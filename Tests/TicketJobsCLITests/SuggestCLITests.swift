import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

/// `suggest`: one ticket's labels on demand, from flags or a JSON object on stdin, locally or from Claude, and
/// nothing stored.
@Suite struct SuggestCLITests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func runner(_ environment: [String: String] = [:]) -> CommandRunner {
        CommandRunner(workingDirectory: directory.url, environment: environment)
    }

    /// Rows of every table a suggestion could write to.
    func counts() throws -> [Int] {
        let queue = try DatabaseQueue(path: directory.path("t.sqlite"))
        defer { try? queue.close() }
        return try queue.read { db in
            try ["tickets", "classification_calls", "classifier_models", "review_queue", "job_runs", "import_files"].map {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)")!
            }
        }
    }

    @Test func theLocalModelSuggestsWithinTheTaxonomyAndStoresNothing() throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        #expect(try runner().run(["classify", "--db", "t.sqlite", "--provider", "local"]).status == 0)
        let before = try counts()
        let result = try runner().run([
            "suggest", "--db", "t.sqlite", "--provider", "local", "--title", "Charged twice",
            "--description", "Please refund the duplicate charge on my invoice", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let suggestion = try JSONSummary.parse(result.stdout)
        #expect(suggestion["category"] as? String == "billing")
        #expect(["low", "medium", "high", "critical"].contains(suggestion["priority"] as? String ?? ""))
        let confidence = try #require(suggestion["confidence"] as? Double)
        #expect(confidence > 0 && confidence <= 1)
        #expect(suggestion["provider"] as? String == "local")
        #expect(try counts() == before)

        // The same ticket as a JSON object on stdin; text output.
        let piped = try runner().run(
            ["suggest", "--db", "t.sqlite", "--provider", "local"],
            stdin: #"{"title": "Charged twice", "description": "Please refund the duplicate charge on my invoice"}"#)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.hasPrefix("category billing, priority \(suggestion["priority"] as! String), confidence "))
        #expect(try counts() == before)
    }

    @Test func withoutAStoredModelItTrainsOneForThisAnswerOnly() throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let before = try counts()
        let result = try runner().run(["suggest", "--db", "t.sqlite", "--provider", "local", "--title", "Site down, 503 everywhere"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("training one for this suggestion only"))
        #expect(try counts() == before)
    }

    @Test func claudeIsAskedOnceThroughTheConfiguredEndpoint() async throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let before = try counts()
        let server = try await FakeAnthropicServer(expectedKey: "sk-suggest")
        let env = ["ANTHROPIC_API_KEY": "sk-suggest", "ANTHROPIC_BASE_URL": server.baseURL]
        let result = try await runner(env).runDetached(
            ["suggest", "--db", "t.sqlite", "--title", "Cannot log in", "--description", "password reset never arrives", "--json"])
        await server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let suggestion = try JSONSummary.parse(result.stdout)
        #expect(suggestion["category"] as? String == "account" && suggestion["provider"] as? String == "anthropic")
        #expect(server.snapshot.requests == 1)
        #expect(!result.stderr.contains("sk-suggest"))
        #expect(try counts() == before)
    }

    @Test(arguments: [
        (nil, "standard input is not a JSON object"),
        (#"{"title": 7}"#, "title and description must be strings"),
        (#"{"subject": "x"}"#, "unknown key 'subject'"),
        (#"{"title": " ", "description": ""}"#, "neither a title nor a description"),
    ] as [(String?, String)])
    func aTicketItCannotReadIsAUsageError(stdin: String?, reason: String) throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let result = try runner().run(["suggest", "--db", "t.sqlite", "--provider", "local"], stdin: stdin ?? "")
        #expect(result.status == 64)
        #expect(result.stderr.contains(reason), "\(result.stderr)")
        // This command's usage, not the root command's "ticketjobs <subcommand>".
        #expect(result.stderr.contains("Usage: ticketjobs suggest [--db <db>]"), "\(result.stderr)")
    }
}
