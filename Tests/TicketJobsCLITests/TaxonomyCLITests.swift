import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

/// A team's own labels through the binary: taxonomy set → import → classify (local, fake Claude, fake
/// Batches) → report → evaluate, for a taxonomy of 2 categories and one of 60; the refusal and the map of a
/// later change; the review round trip under the team's labels.
@Suite struct TaxonomyCLITests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func runner(_ environment: [String: String] = [:]) -> CommandRunner {
        CommandRunner(workingDirectory: directory.url, environment: environment)
    }

    static let priorities = ["slow", "normal", "rush"]

    static func categories(_ count: Int) -> [String] { (0..<count).map { String(format: "queue_%02d", $0) } }

    /// The taxonomy file: each category and priority with a definition.
    func writeTaxonomy(_ name: String, categories: [String], priorities: [String] = priorities) throws -> String {
        let c = categories.map { "  \($0): tickets for the \($0) team." }.joined(separator: "\n")
        let p = priorities.map { "  \($0): answered \($0)." }.joined(separator: "\n")
        return try directory.write(name, """
            version: 1
            categories:
            \(c)
            priorities:
            \(p)
            examples:
              - {title: "About \(categories[0])", description: "Please route to \(categories[0]), \(priorities[0])", category: \(categories[0]), priority: \(priorities[0])}
            """)
    }

    /// A labeled export: per category, `labeled` tickets with labels and `unlabeled` without; each text names its
    /// category and priority (what the fakes go by) with words the local classifier can learn.
    func writeExport(_ name: String, categories: [String], labeled: Int, unlabeled: Int, idPrefix: String = "T") throws -> String {
        var lines = ["id,title,description,category,priority,status,created_at"]
        var n = 0
        for (index, category) in categories.enumerated() {
            for k in 0..<(labeled + unlabeled) {
                let priority = Self.priorities[(index + k) % Self.priorities.count]
                let labels = k < labeled ? "\(category),\(priority)" : ","
                let day = 10 + n % 5
                lines.append(
                    "\(idPrefix)\(n),Ticket for \(category) w\(index)a w\(index)b,\"Route to \(category), \(priority) please; "
                        + "marker\(index) and \(priority)word\",\(labels),open,2026-11-\(day)T09:00:00Z")
                n += 1
            }
        }
        return try directory.write(name, lines.joined(separator: "\n") + "\n")
    }

    func json(_ text: String) throws -> [String: Any] { try JSONSummary.parse(text) }

    func labels(_ db: String) throws -> [(category: String?, priority: String?)] {
        let queue = try DatabaseQueue(path: directory.path(db))
        defer { try? queue.close() }
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT category, priority FROM tickets ORDER BY id").map { ($0[0], $0[1]) }
        }
    }

    func copy(_ from: String, _ to: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: directory.path(from + suffix)) {
            try FileManager.default.copyItem(atPath: directory.path(from + suffix), toPath: directory.path(to + suffix))
        }
    }

    @Test(arguments: [2, 60])
    func aTeamsTaxonomyRunsThroughThePipeline(count: Int) async throws {
        let categories = Self.categories(count)
        let taxonomyFile = try writeTaxonomy("team.yml", categories: categories)
        let set = try runner().run(["taxonomy", "set", taxonomyFile, "--db", "t.sqlite", "--json"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try json(set.stdout)["categories"] as? Int == count)
        let shown = try json(try runner().run(["taxonomy", "show", "--db", "t.sqlite", "--json"]).stdout)
        #expect((shown["categories"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == categories)
        #expect((shown["priorities"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == Self.priorities)
        #expect(shown["examples"] as? Int == 1 && shown["version"] as? Int == 1)

        // Import: the team's labels are accepted; the seed's are not, and the reject names the allowed ones.
        let export = try writeExport("export.csv", categories: categories, labeled: 4, unlabeled: 2)
        let stray = try directory.write("stray.csv", "id,title,category,priority,created_at\nS1,Old ticket,billing,slow,2026-11-10T09:00:00Z\n")
        let imported = try runner().run(["import", export, "--db", "t.sqlite", "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try json(imported.stdout)["inserted"] as? Int == count * 6)
        let rejected = try runner().run(["import", stray, "--db", "t.sqlite", "--rejects", "stray.rejects.csv"])
        #expect(rejected.status == 3)
        let rejects = try String(contentsOfFile: directory.path("stray.rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("unknown value 'billing'") && rejects.contains("allowed: queue_00, queue_01"))
        #expect(rejects.contains(count > 20 ? "(\(count) in all)" : "queue_01"))

        try copy("t.sqlite", "claude.sqlite")
        try copy("t.sqlite", "batch.sqlite")

        // Local: trained on the labeled tickets, every answer among the team's labels.
        let local = try runner().run(["classify", "--db", "t.sqlite", "--provider", "local", "--json"])
        #expect(local.status == 0, "\(local.stderr)")
        #expect(try json(local.stdout)["labeled"] as? Int == count * 2)
        let stored = try labels("t.sqlite")
        #expect(stored.allSatisfy { categories.contains($0.category ?? "") && Self.priorities.contains($0.priority ?? "") })

        // Claude (fake, on loopback): the tool's enums and the prompt carry the team's labels.
        let server = try await FakeAnthropicServer(expectedKey: "sk-team")
        let env = ["ANTHROPIC_API_KEY": "sk-team", "ANTHROPIC_BASE_URL": server.baseURL]
        let claude = try await runner(env).runDetached(["classify", "--db", "claude.sqlite", "--json"])
        #expect(claude.status == 0, "\(claude.stderr)")
        #expect(try json(claude.stdout)["labeled"] as? Int == count * 2)
        // The fake answers the category and priority each text names: all right.
        let rows = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n").dropFirst()
        let truth = rows.map { line -> (String, String) in
            let text = String(line)
            let category = categories.first { text.contains("Route to \($0),") }!
            let priority = Self.priorities.first { text.contains(", \($0) please") }!
            return (category, priority)
        }
        let answered = try labels("claude.sqlite")
        #expect(zip(answered, truth).allSatisfy { $0.category == $1.0 && $0.priority == $1.1 })

        // Batches (fake): the same, half price, through submit, wait and collect.
        let batch = try await runner(env).runDetached(
            ["classify", "--db", "batch.sqlite", "--batch", "--wait", "--poll-interval", "0.05", "--json"])
        await server.stop()
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(try json(batch.stdout)["labeled"] as? Int == count * 2)
        #expect(zip(try labels("batch.sqlite"), truth).allSatisfy { $0.category == $1.0 && $0.priority == $1.1 })

        // Report: every label of the taxonomy, in its order, zeros included.
        let report = try runner().run(["report", "--db", "t.sqlite", "--period", "2026-11-09..2026-11-15", "--out", "reports", "--json"])
        #expect(report.status == 0, "\(report.stderr)")
        let reportJSON = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.url.appendingPathComponent("reports/2026-11-09..2026-11-15.json"))) as! [String: Any]
        #expect(reportJSON["schema_version"] as? Int == 3)
        let order = reportJSON["labels"] as? [String: [String]]
        #expect(order?["category"] == categories && order?["priority"] == Self.priorities)
        let breakdown = (reportJSON["breakdowns"] as? [String: Any])?["category"] as? [String: Int]
        #expect(breakdown?.count == count && breakdown?.values.reduce(0, +) == count * 6)
        let html = try String(contentsOfFile: directory.path("reports/2026-11-09..2026-11-15.html"), encoding: .utf8)
        #expect(categories.allSatisfy { html.contains($0) })

        // Evaluate: fixtures in the team's labels, scored over all of them.
        let fixtures = try writeExport("fixtures.csv", categories: categories, labeled: 2, unlabeled: 0, idPrefix: "F")
        let evaluation = try runner().run(["evaluate", "--db", "t.sqlite", "--fixtures", fixtures, "--out", "reports", "--json"])
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let scores = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [String: Any])
        #expect((scores["labels"] as? [String: [String]])?["category"] == categories)
        let confusion = (scores["category"] as? [String: Any])?["confusion"] as? [String: [String: Int]]
        #expect(confusion?.count == count && confusion?.values.allSatisfy { $0.count == count } == true)
        #expect(((scores["category"] as? [String: Any])?["accuracy"] as? Double ?? 0) > 0.9)

        // In a browser 1280 px wide, neither report reaches past the window's edge (the evaluation's confusion
        // matrix, a column per label, did with ten), whatever the taxonomy's size.
        let evaluationHTML = try #require(
            try FileManager.default.contentsOfDirectory(atPath: directory.path("reports"))
                .first { $0.hasPrefix("evaluation-") && $0.hasSuffix(".html") })
        for page in ["reports/2026-11-09..2026-11-15.html", "reports/" + evaluationHTML] {
            let layout = try HeadlessBrowser.layoutWidth(of: directory.path(page))
            #expect(layout.scroll <= layout.client, "\(page) lays out \(layout.scroll) px wide in \(layout.client)")
        }
    }

    /// The longest names a taxonomy may have (40 characters), ten priorities of them: the report's category ×
    /// priority matrix (3,396 px wide at 1280 before) and the evaluation stay within the window.
    @Test func theLongestNamesATaxonomyAllowsStayWithinTheWindow() throws {
        let categories = (0..<12).map { String(format: "category_with_a_rather_long_name_%02d_abcd", $0) }
        let priorities = (0..<10).map { String(format: "priority_level_with_a_long_name_%02d_abcde", $0) }
        #expect(categories.allSatisfy { $0.count == 40 } && priorities.allSatisfy { $0.count == 40 })
        _ = try writeTaxonomy("long.yml", categories: categories, priorities: priorities)
        #expect(try runner().run(["taxonomy", "set", "long.yml", "--db", "t.sqlite"]).status == 0)
        var lines = ["id,title,description,category,priority,created_at"]
        for (index, category) in categories.enumerated() {
            for (rank, priority) in priorities.enumerated() {
                lines.append("T\(index)-\(rank),words\(index) p\(rank),more words\(index),\(category),\(priority),2026-11-1\(rank % 5)")
            }
        }
        let export = try directory.write("long.csv", lines.joined(separator: "\n") + "\n")
        #expect(try runner().run(["import", export, "--db", "t.sqlite"]).status == 0)
        #expect(try runner().run(["report", "--period", "2026-W46", "--db", "t.sqlite", "--out", "reports"]).status == 0)
        let evaluation = try runner().run(
            ["evaluate", "--db", "t.sqlite", "--fixtures", export, "--split", "0.5", "--out", "reports", "--json"])
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path("reports")).filter { $0.hasSuffix(".html") }
        #expect(pages.count == 2)
        for page in pages {
            let layout = try HeadlessBrowser.layoutWidth(of: directory.path("reports/" + page))
            #expect(layout.scroll <= layout.client, "\(page) lays out \(layout.scroll) px wide in \(layout.client)")
        }
    }

    /// Past 100 foreign labels a kind the summary stops counting new ones, and says there are at least that many.
    @Test func moreForeignLabelsThanTheSummaryCountsAreSaidAsAtLeast() throws {
        let lines = ["id,title,created_at,category"] + (0..<150).map { "F\($0),t,2026-11-10,queue_\($0)" }
        let input = try directory.write("foreign.csv", lines.joined(separator: "\n") + "\n")
        let result = try runner().run(["import", input, "--db", "t.sqlite"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("read 150, inserted 0, updated 0, unchanged 0, rejected 150"))
        #expect(result.stdout.contains("'queue_0' (1), 'queue_1' (1), 'queue_10' (1), 'queue_11' (1), 'queue_12' (1) and at least 95 more."),
                "\(result.stdout)")
    }

    /// A team's export read into a new database: its labels are rejected (the new database has the default
    /// taxonomy), and the summary says which and what to do; `taxonomy export` there and `taxonomy set` here give
    /// the new database the same taxonomy, and the same export then imports whole.
    @Test func aTaxonomyMovesToAnotherDatabaseWithItsExport() throws {
        let categories = Self.categories(3)
        _ = try writeTaxonomy("team.yml", categories: categories)
        #expect(try runner().run(["taxonomy", "set", "team.yml", "--db", "t.sqlite"]).status == 0)
        let export = try writeExport("export.csv", categories: categories, labeled: 2, unlabeled: 1)
        #expect(try runner().run(["import", export, "--db", "t.sqlite"]).status == 0)
        #expect(try runner().run(["export", "--db", "t.sqlite", "--out", "out.csv"]).status == 0)

        let refused = try runner().run(["import", "out.csv", "--db", "new.sqlite"])
        #expect(refused.status == 3)
        // Each labeled row is refused for both its labels at once, and counted under both.
        #expect(refused.stdout.contains("read 9, inserted 3, updated 0, unchanged 0, rejected 6"))
        #expect(refused.stdout.contains("labels of out.csv outside the database's taxonomy: category 'queue_00' (2), "
            + "'queue_01' (2), 'queue_02' (2); priority 'normal' (2), 'rush' (2), 'slow' (2)."), "\(refused.stdout)")
        #expect(refused.stderr.contains("field 'category': unknown value 'queue_00'; allowed: billing, technical, account, "
            + "general; field 'priority': unknown value 'slow'; allowed: low, medium, high, critical"), "\(refused.stderr)")
        #expect(refused.stdout.contains("'ticketjobs taxonomy export' on the one they come from"))
        let summary = try json(try runner().run(["import", "out.csv", "--db", "new.sqlite", "--json"]).stdout)
        let file = try #require((summary["files"] as? [[String: Any]])?.first)
        #expect((file["unknown_labels"] as? [String: [String: Int]])?["category"] == ["queue_00": 2, "queue_01": 2, "queue_02": 2])

        let exported = try runner().run(["taxonomy", "export", "--db", "t.sqlite", "--out", "moved.yml", "--json"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try json(exported.stdout)["categories"] as? Int == 3)
        #expect(try runner().run(["taxonomy", "export", "--db", "t.sqlite"]).stdout
            == (try String(contentsOfFile: directory.path("moved.yml"), encoding: .utf8)))
        #expect(try runner().run(["taxonomy", "export", "--db", "t.sqlite", "--json"]).status == 64)
        // What `show --json` prints is not that file, and setting it says which command writes one.
        let shown = try directory.write("shown.json", try runner().run(["taxonomy", "show", "--db", "t.sqlite", "--json"]).stdout)
        let wrong = try runner().run(["taxonomy", "set", shown, "--db", "fresh.sqlite"])
        #expect(wrong.status == 1 && wrong.stderr.contains("'ticketjobs taxonomy export' writes the file"), "\(wrong.stderr)")
        #expect(try runner().run(["taxonomy", "set", "moved.yml", "--db", "fresh.sqlite"]).status == 0)
        // Set again, the same taxonomy writes nothing: the revision stays.
        let again = try runner().run(["taxonomy", "set", "moved.yml", "--db", "fresh.sqlite", "--json"])
        #expect(try json(again.stdout)["changed"] as? Bool == false && json(again.stdout)["revision"] as? Int == 2, "\(again.stdout)")
        // And the seed's own taxonomy, exported from a store and set on a new one, is no change either.
        #expect(try runner().run(["taxonomy", "export", "--db", "new.sqlite", "--out", "seed.yml"]).status == 0)
        #expect(try runner().run(["taxonomy", "set", "seed.yml", "--db", "seed.sqlite"]).stdout.hasPrefix("taxonomy unchanged (revision 1)"))
        let show = { (db: String) in try runner().run(["taxonomy", "show", "--db", db, "--json"]).stdout }
        func definitions(_ db: String) throws -> [String] {
            try (json(try show(db))["categories"] as? [[String: Any]] ?? []).map { "\($0["name"]!): \($0["definition"]!)" }
        }
        #expect(try definitions("fresh.sqlite") == (try definitions("t.sqlite")))
        let whole = try json(try runner().run(["import", "out.csv", "--db", "fresh.sqlite", "--json"]).stdout)
        #expect(whole["inserted"] as? Int == 9 && whole["rejected"] as? Int == 0, "\(whole)")
    }

    @Test func aChangeThatWouldStrandLabelsIsRefusedUntilAMapSaysWhereTheyGo() throws {
        let export = try writeExport("export.csv", categories: Self.categories(3), labeled: 2, unlabeled: 0)
        _ = try writeTaxonomy("three.yml", categories: Self.categories(3))
        #expect(try runner().run(["taxonomy", "set", "three.yml", "--db", "t.sqlite"]).status == 0)
        #expect(try runner().run(["import", export, "--db", "t.sqlite"]).status == 0)

        // queue_02 goes: refused, naming it and its tickets; nothing changes.
        _ = try writeTaxonomy("two.yml", categories: ["queue_00", "queue_01"])
        let refused = try runner().run(["taxonomy", "set", "two.yml", "--db", "t.sqlite"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("category 'queue_02' (2 tickets)") && refused.stderr.contains("--map"))
        let unchanged = try json(try runner().run(["taxonomy", "show", "--db", "t.sqlite", "--json"]).stdout)
        #expect((unchanged["categories"] as? [Any])?.count == 3 && unchanged["revision"] as? Int == 2)

        // A map to a label the new taxonomy lacks is refused too; one to a label it has moves the tickets.
        #expect(try runner().run(["taxonomy", "set", "two.yml", "--db", "t.sqlite", "--map", "queue_02=queue_09"]).status == 1)
        let mapped = try runner().run(["taxonomy", "set", "two.yml", "--db", "t.sqlite", "--map", "queue_02=queue_01"])
        #expect(mapped.status == 0, "\(mapped.stderr)")
        #expect(mapped.stdout.contains("category queue_02 → queue_01: 2 tickets"))
        #expect(try labels("t.sqlite").filter { $0.category == "queue_01" }.count == 4)
        // A report after the move counts them under their new label.
        let report = try runner().run(["report", "--db", "t.sqlite", "--period", "2026-11-09..2026-11-15", "--out", "reports"])
        #expect(report.status == 0, "\(report.stderr)")
        let reportJSON = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.url.appendingPathComponent("reports/2026-11-09..2026-11-15.json"))) as! [String: Any]
        #expect((reportJSON["breakdowns"] as? [String: Any])?["category"] as? [String: Int] == ["queue_00": 2, "queue_01": 4])

        // --unlabel-missing clears what no map names, for classification to label again.
        _ = try writeTaxonomy("other.yml", categories: ["queue_00", "fresh"])
        let cleared = try runner().run(["taxonomy", "set", "other.yml", "--db", "t.sqlite", "--unlabel-missing", "--json"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        let moves = try json(cleared.stdout)["moves"] as? [[String: Any]]
        #expect(moves?.count == 1 && moves?.first?["from"] as? String == "queue_01" && moves?.first?["tickets"] as? Int == 4)
        let dry = try json(try runner().run(["classify", "--db", "t.sqlite", "--provider", "local", "--dry-run", "--json"]).stdout)
        #expect(dry["tickets"] as? Int == 4)
    }

    /// `evaluate --taxonomy FILE` scores a team's labels on a database that has others, and changes nothing.
    @Test func anEvaluationUnderATaxonomyFileLeavesTheDatabaseAlone() throws {
        #expect(try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let categories = Self.categories(4)
        _ = try writeTaxonomy("team.yml", categories: categories)
        let training = try writeExport("training.csv", categories: categories, labeled: 6, unlabeled: 0)
        let fixtures = try writeExport("fixtures.csv", categories: categories, labeled: 2, unlabeled: 0, idPrefix: "F")
        let result = try runner().run([
            "evaluate", "--db", "t.sqlite", "--taxonomy", "team.yml", "--fixtures", fixtures, "--train", training,
            "--out", "reports", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let scores = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((scores["labels"] as? [String: [String]])?["category"] == categories)
        #expect(scores["n"] as? Int == 8)
        let shown = try json(try runner().run(["taxonomy", "show", "--db", "t.sqlite", "--json"]).stdout)
        #expect(shown["revision"] as? Int == 1)
        #expect((shown["categories"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["billing", "technical", "account", "general"])
    }

    @Test func theReviewRoundTripUsesTheTeamsLabels() throws {
        let categories = Self.categories(3)
        _ = try writeTaxonomy("team.yml", categories: categories)
        #expect(try runner().run(["taxonomy", "set", "team.yml", "--db", "t.sqlite"]).status == 0)
        let export = try writeExport("export.csv", categories: categories, labeled: 3, unlabeled: 2)
        #expect(try runner().run(["import", export, "--db", "t.sqlite"]).status == 0)
        // Nothing is that sure: every answer waits for a person.
        let classified = try json(try runner().run(["classify", "--db", "t.sqlite", "--provider", "local", "--min-confidence", "1", "--json"]).stdout)
        #expect(classified["queued_for_review"] as? Int == 6)
        #expect(try runner().run(["review", "export", "--db", "t.sqlite", "--out", "review.csv"]).status == 0)
        let reader = try CSVTestReader(path: directory.path("review.csv"))
        #expect(reader.rows.allSatisfy { categories.contains($0["suggested_category"] ?? "") })
        var rows = reader.rows
        for index in rows.indices { (rows[index]["category"], rows[index]["priority"]) = ("billing", "low") }
        try CSVTestReader.write(rows, header: reader.header, to: directory.path("review.csv"))
        let wrong = try runner().run(["review", "import", "review.csv", "--db", "t.sqlite"])
        #expect(wrong.status == 3)
        let rejects = try String(contentsOfFile: directory.path("review.csv.rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("unknown value 'billing'; allowed: queue_00, queue_01, queue_02"))
        for index in rows.indices { (rows[index]["category"], rows[index]["priority"]) = ("queue_02", "rush") }
        try CSVTestReader.write(rows, header: reader.header, to: directory.path("review.csv"))
        let applied = try runner().run(["review", "import", "review.csv", "--db", "t.sqlite", "--json"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try json(applied.stdout)["applied"] as? Int == 6)
    }
}
