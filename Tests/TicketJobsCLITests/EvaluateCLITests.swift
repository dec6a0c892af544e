import Foundation
import Testing
import TicketJobsTestSupport

/// `evaluate` for teams and CI: reports that never overwrite one another, several classifiers side by side,
/// a baseline named with its regressions marked, and --fail-under's exit 4.
@Suite struct EvaluateCLITests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func runner(_ environment: [String: String] = [:]) -> CommandRunner {
        CommandRunner(workingDirectory: directory.url, environment: environment)
    }

    func evaluate(_ extra: [String], _ environment: [String: String] = [:]) async throws -> CommandRunner.Result {
        try await runner(environment).runDetached(
            ["evaluate", "--db", "t.sqlite", "--fixtures", Fixtures.path("evaluation.csv"), "--train", Fixtures.path("training.csv"),
             "--limit", "40", "--out", "reports"] + extra)
    }

    /// Checks a written report against Docs/evaluation.schema.json (python's jsonschema, which `make test` installs).
    func expectValid(_ file: String) throws {
        let schema = Fixtures.root.appendingPathComponent("Docs/evaluation.schema.json").path
        let result = try Shell.run(
            "/usr/bin/env",
            ["python3", "-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
             directory.path("reports/" + file), schema])
        #expect(result.status == 0, "\(file): \(result.stderr)")
    }

    func reports() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path("reports")).sorted()
    }

    /// "on 1 tickets" read as a slip; counts of one are singular in every summary line.
    @Test func oneTicketIsSaidInTheSingular() async throws {
        let one = try directory.write(
            "one.csv", "id,title,description,category,priority,created_at\nO-1,Refund,Charged twice,billing,high,2026-11-02T10:00:00Z\n")
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let result = try await runner().runDetached(
            ["evaluate", one, "--db", "t.sqlite", "--train", Fixtures.path("training.csv"), "--out", "reports"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("evaluated local-linear-svm-v2 on 1 ticket, trained on "), "\(result.stdout)")
    }

    /// Fixture rows that cannot be scored (rejected, or without both labels) are counted in the report, said in
    /// its HTML, and the run exits 3 as an import with rejected rows does; a clean fixture file exits 0.
    @Test func fixtureRowsNotScoredAreSaidAndExitThree() async throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let header = "id,title,description,category,priority,created_at\n"
        let rows = "F-1,Refund,Charged twice,billing,high,2026-11-02T10:00:00Z\nF-2,Login,Cannot sign in,account,low,2026-11-02T10:00:00Z\n"
        let fixtures = try directory.write(
            "fixtures.csv", header + rows + "F-3,Odd,x,nonsense,high,2026-11-02T10:00:00Z\nF-4,Half,x,billing,,2026-11-02T10:00:00Z\n")
        let result = try await runner().runDetached(
            ["evaluate", fixtures, "--db", "t.sqlite", "--train", Fixtures.path("training.csv"), "--out", "reports"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("evaluated local-linear-svm-v2 on 2 tickets, trained on "), "\(result.stdout)")
        #expect(result.stderr.contains("evaluate: 1 fixture row rejected, not scored (the first: line 4: field 'category': unknown value 'nonsense'"), "\(result.stderr)")
        let json = try #require(try reports().first { $0.hasSuffix(".json") })
        try expectValid(json)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path("reports/" + json)))) as? [String: Any]
        #expect(report?["rejected_rows"] as? Int == 1 && report?["unlabeled_rows"] as? Int == 1 && report?["n"] as? Int == 2)
        let html = try String(contentsOfFile: directory.path("reports/" + json.replacingOccurrences(of: ".json", with: ".html")), encoding: .utf8)
        #expect(html.contains("Not scored: 1 fixture row rejected (the first: line 4: field &#39;category&#39;"), "\(html)")
        #expect(html.contains("1 without a category or a priority."))

        // In a job, the step and the run are `rejected_rows` (exit 3).
        let job = try directory.write(
            "ev.yml", "version: 1\nname: ev\nsteps:\n  - evaluate: {fixtures: fixtures.csv, train: \(Fixtures.path("training.csv")), provider: local, out: job}\n")
        let run = try await runner().runDetached(["run", job, "--db", "t.sqlite"])
        #expect(run.status == 3 && run.stdout.contains("evaluate: rejected_rows") && run.stdout.contains("rejected=1"), "\(run.stdout)")

        let clean = try directory.write("clean.csv", header + rows)
        let fine = try await runner().runDetached(["evaluate", clean, "--db", "t.sqlite", "--train", Fixtures.path("training.csv"), "--out", "clean"])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test func aSecondEvaluationNeverOverwritesTheFirstOrItsBaseline() async throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let first = try await evaluate([])
        #expect(first.status == 0, "\(first.stderr)")
        let firstFiles = try reports()
        #expect(firstFiles.count == 2 && firstFiles.allSatisfy { $0.range(of: #"^evaluation-local-\d{8}T\d{6}Z\.(html|json)$"#, options: .regularExpression) != nil })
        let baseline = directory.path("reports/" + firstFiles.first { $0.hasSuffix(".json") }!)
        let baselineBytes = try Data(contentsOf: URL(fileURLWithPath: baseline))
        // The same second or not, a new pair of files; the baseline stays as it was.
        let second = try await evaluate(["--baseline", baseline])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try reports().count == 4)
        #expect(try Data(contentsOf: URL(fileURLWithPath: baseline)) == baselineBytes)
    }

    @Test func theHTMLNamesItsBaselineAndMarksRegressions() async throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        #expect(try await evaluate([]).status == 0)
        let path = directory.path("reports/" + (try reports().first { $0.hasSuffix(".json") })!)
        // A baseline better than anything: every figure now is lower.
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        var category = object["category"] as! [String: Any]
        category["accuracy"] = 1.0
        category["macro_f1"] = 1.0
        object["category"] = category
        let better = directory.path("better.json")
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: better))
        let result = try await evaluate(["--baseline", better, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["baseline"] as? String == better)
        let html = try String(contentsOfFile: directory.path("reports/" + (try reports().last { $0.hasSuffix(".html") })!), encoding: .utf8)
        #expect(html.contains("Compared with \(better)."))
        #expect(html.contains("Lower than the baseline where marked"))
        #expect(html.contains(#"<td class="regression">-"#))
        for file in try reports() where file.hasSuffix(".json") { try expectValid(file) }
    }

    /// At a team's rate limit an evaluation by Claude takes minutes: on a terminal it shows how far it is, as
    /// classify does (util-linux's `script` gives it one); piped, stderr carries no progress line.
    @Test func anEvaluationByClaudeShowsItsProgressOnATerminal() async throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "util-linux's script gives the command a terminal")
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let server = try await FakeAnthropicServer(expectedKey: "sk-eval")
        let env = ["ANTHROPIC_API_KEY": "sk-eval", "ANTHROPIC_BASE_URL": server.baseURL]
        let command = "'\(Fixtures.binary.path)' evaluate '\(Fixtures.path("evaluation.csv"))' --provider anthropic --limit 6 --db t.sqlite --out reports"
        let terminal = try await runner(env).runDetached(["-qec", command, "/dev/null"], executable: script)
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("evaluating claude-haiku-4-5: 0/6 tickets, 0 requests"), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("evaluating claude-haiku-4-5: 6/6 tickets, 6 requests"), "\(terminal.stdout)")
        // Cleared before the summary, which starts a line of its own.
        #expect(terminal.stdout.contains("\r\u{1B}[2Kevaluated claude-haiku-4-5 on 6 tickets"), "\(terminal.stdout)")
        let piped = try await evaluate(["--provider", "anthropic", "--limit", "6"], env)
        await server.stop()
        #expect(piped.status == 0 && !piped.stderr.contains("evaluating"), "\(piped.stderr)")
    }

    @Test func severalClassifiersAreScoredSideBySideInOneReport() async throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let server = try await FakeAnthropicServer(expectedKey: "sk-eval")
        let env = ["ANTHROPIC_API_KEY": "sk-eval", "ANTHROPIC_BASE_URL": server.baseURL]
        let result = try await evaluate(
            ["--provider", "local,anthropic", "--model", "claude-haiku-4-5,claude-haiku-5-5", "--json"], env)
        await server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let comparison = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try #require(comparison["comparison"] as? [[String: Any]])
        #expect(rows.map { "\($0["provider"]!) \($0["model"]!)" } == [
            "local local-linear-svm-v2", "anthropic claude-haiku-4-5", "anthropic claude-haiku-5-5",
        ])
        #expect(rows.allSatisfy { $0["category_macro_f1"] is Double && $0["category_end_to_end_accuracy"] is Double })
        #expect((rows[1]["cost_per_1000_tickets"] as? Double ?? 0) > 0)
        #expect((comparison["runs"] as? [[String: Any]])?.count == 3)
        #expect(server.snapshot.requests == 80)
        let files = try reports()
        #expect(files.count == 2 && files.allSatisfy { $0.hasPrefix("evaluation-compare-") })
        try expectValid(files.first { $0.hasSuffix(".json") }!)
        let html = try String(contentsOfFile: directory.path("reports/" + files.first { $0.hasSuffix(".html") }!), encoding: .utf8)
        #expect(html.contains("Side by side") && html.contains("claude-haiku-5-5") && html.contains(#"id="run3-category-h""#))
        // Every fixture row was scored: nothing says otherwise.
        #expect(!html.contains("Not scored"))
    }

    @Test func aMissedFigureExitsFourAfterWritingTheReports() async throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        // The local model gets 38 of the 40 categories right.
        let missed = try await evaluate(["--fail-under", "category.macro_f1=0.1,category.accuracy=1"])
        #expect(missed.status == 4)
        #expect(missed.stderr.contains("category.accuracy 0.95 < 1") && !missed.stderr.contains("category.macro_f1"), "\(missed.stderr)")
        #expect(try reports().count == 2)
        let met = try await evaluate(["--fail-under", "category.macro_f1=0.1"])
        #expect(met.status == 0, "\(met.stderr)")
        let bad = try await evaluate(["--fail-under", "category.recall=0.5"])
        #expect(bad.status == 64 && bad.stderr.contains("the metric is one of"))
        let percent = try await evaluate(["--fail-under", "priority.accuracy=80"])
        #expect(percent.status == 64 && percent.stderr.contains("80% is 0.8"))
    }
}
