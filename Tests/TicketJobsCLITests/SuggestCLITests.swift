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

    @Test func aTicketAsExportWritesItIsReadForItsTitleAndDescription() throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        #expect(try runner().run(["classify", "--db", "t.sqlite", "--provider", "local"]).status == 0)
        let exported = try runner().run(["export", "--db", "t.sqlite", "--format", "jsonl", "--out", "-"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let line = try #require(exported.stdout.split(separator: "\n").first.map(String.init))
        var ticket = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        // A column of the team's own, as export writes one back.
        ticket["sla_plan"] = "gold"
        let stdin = String(decoding: try JSONSerialization.data(withJSONObject: ticket), as: UTF8.self)

        let piped = try runner().run(["suggest", "--db", "t.sqlite", "--provider", "local", "--json"], stdin: stdin)
        #expect(piped.status == 0, "\(piped.stderr)")
        let flags = try runner().run([
            "suggest", "--db", "t.sqlite", "--provider", "local", "--json",
            "--title", try #require(ticket["title"] as? String), "--description", try #require(ticket["description"] as? String),
        ])
        #expect(flags.status == 0, "\(flags.stderr)")
        #expect(piped.stdout == flags.stdout)

        // Without a description, a key that is no ticket field reads as its misspelling.
        ticket["descripton"] = ticket.removeValue(forKey: "description")
        let misspelled = try runner().run(
            ["suggest", "--db", "t.sqlite", "--provider", "local"],
            stdin: String(decoding: try JSONSerialization.data(withJSONObject: ticket, options: .sortedKeys), as: UTF8.self))
        #expect(misspelled.status == 64)
        #expect(misspelled.stderr.contains("unknown key 'descripton' beside no description"), "\(misspelled.stderr)")
    }

    @Test(arguments: [
        (nil, "standard input is not a JSON object"),
        (#"{"title": 7}"#, "title and description must be strings"),
        (#"{"subject": "x"}"#, "unknown key 'subject'"),
        (#"{"title": "x", "descripton": "y", "priority": "high"}"#, "unknown key 'descripton' beside no description"),
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
