import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel

/// classify --min-confidence → review export → a person's file → review import → manual labels that stay.
@Suite struct ReviewCLITests {
    let directory: TemporaryDirectory
    let runner: CommandRunner

    init() throws {
        directory = try TemporaryDirectory()
        runner = CommandRunner(workingDirectory: directory.url)
    }

    func labels(_ id: String) throws -> (category: String?, categorySource: String?, priority: String?, prioritySource: String?) {
        let queue = try DatabaseQueue(path: directory.path("t.sqlite"))
        return try queue.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT category, category_source, priority, priority_source FROM tickets WHERE external_id = ?",
                arguments: [id])!
            return (row[0], row[1], row[2], row[3])
        }
    }

    /// The review file with `decide` filling in each row's category and priority.
    func fill(_ path: String, _ decide: (_ row: [String: String]) -> (String, String)) throws -> [[String: String]] {
        let reader = try CSVTestReader(path: path)
        var rows = reader.rows
        for index in rows.indices { (rows[index]["category"], rows[index]["priority"]) = decide(rows[index]) }
        try CSVTestReader.write(rows, header: reader.header, to: path)
        return rows
    }

    /// Tickets the model will not label (it refuses them, twice) are paid for once, not on every run: they wait
    /// for a person in the review file with no suggestion, and a person's labels apply as for any other.
    @Test func ticketsTheModelWillNotLabelWaitForAPersonInsteadOfEveryRun() async throws {
        let server = try await FakeAnthropicServer(expectedKey: "sk-test", refuses: { $0.utf8.count % 3 == 0 })
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let claude = CommandRunner(
            workingDirectory: directory.url, environment: ["ANTHROPIC_API_KEY": "sk-test", "ANTHROPIC_BASE_URL": server.baseURL])
        let first = try await claude.runDetached(["classify", "--db", "t.sqlite", "--json"])
        let summary = try JSONSummary.parse(first.stdout)
        let setAside = summary["set_aside"] as! Int
        #expect(first.status == 3, "\(first.stderr)")
        #expect(setAside > 0 && summary["failed"] as! Int == setAside)
        #expect(summary["requests"] as! Int == summary["labeled"] as! Int + 2 * setAside)
        #expect(first.stderr.contains("set aside for a person"))

        let second = try await claude.runDetached(["classify", "--db", "t.sqlite"])
        await server.stop()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("0 candidates") && second.stdout.contains("0 requests"), "\(second.stdout)")
        #expect(server.snapshot.requests == summary["requests"] as! Int)

        let exported = try runner.run(["review", "export", "--db", "t.sqlite", "--out", "review.csv"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("(\(setAside) without a suggestion: the model gave them no usable label)"), "\(exported.stdout)")
        let rows = try CSVTestReader(path: directory.path("review.csv")).rows
        #expect(rows.count == setAside)
        #expect(rows.allSatisfy {
            $0["suggested_category"] == "" && $0["suggested_priority"] == "" && $0["confidence"] == "" && $0["title"]!.utf8.count % 3 == 0
        })
        _ = try fill(directory.path("review.csv")) { _ in ("billing", "high") }
        let applied = try runner.run(["review", "import", "review.csv", "--db", "t.sqlite", "--json"])
        #expect(applied.status == 0 && applied.stdout.contains("\"applied\":\(setAside)"), "\(applied.stdout)\(applied.stderr)")
        #expect(try labels(rows[0]["id"]!) == ("billing", "manual", "high", "manual"))
    }

    /// A ticket waiting for review that a later export labels (someone labeled it in the help desk) leaves the
    /// queue; one the export still leaves unlabeled waits on.
    @Test func aReimportThatLabelsAQueuedTicketTakesItOutOfTheQueue() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let classified = try JSONSummary.parse(
            try runner.run(["classify", "--db", "t.sqlite", "--min-confidence", "1", "--json"]).stdout)
        let queued = classified["queued_for_review"] as! Int
        #expect(queued > 2)
        #expect(try runner.run(["review", "export", "--db", "t.sqlite", "--out", "queue.csv"]).status == 0)
        let waiting = try CSVTestReader(path: directory.path("queue.csv")).rows.map { $0["id"]! }
        let labeledNow = Set(waiting.prefix(2))
        let source = try CSVTestReader(path: Fixtures.path("tickets.csv"))
        let edited = source.rows.map { row -> [String: String] in
            var row = row
            if labeledNow.contains(row["id"]!) { (row["category"], row["priority"]) = ("billing", "high") }
            return row
        }
        try CSVTestReader.write(edited, header: source.header, to: directory.path("tickets.csv"))
        #expect(try runner.run(["import", "tickets.csv", "--db", "t.sqlite"]).status == 0)
        #expect(try runner.run(["review", "export", "--db", "t.sqlite", "--out", "after.csv"]).status == 0)
        let after = try CSVTestReader(path: directory.path("after.csv")).rows.map { $0["id"]! }
        #expect(Set(after) == Set(waiting).subtracting(labeledNow))
        for id in labeledNow { #expect(try labels(id).categorySource == "imported") }
    }

    @Test func doubtfulAnswersWaitForAPersonWhoseLabelsStay() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let classified = try runner.run(["classify", "--db", "t.sqlite", "--min-confidence", "0.9", "--json"])
        #expect(classified.status == 0, "\(classified.stderr)")
        let summary = try JSONSummary.parse(classified.stdout)
        let queued = summary["queued_for_review"] as! Int
        #expect(queued > 0 && summary["labeled"] as! Int + queued == summary["candidates"] as! Int)

        // Queued tickets are not asked again.
        let again = try runner.run(["classify", "--db", "t.sqlite", "--min-confidence", "0.9", "--json"])
        let second = try JSONSummary.parse(again.stdout)
        #expect(second["candidates"] as! Int == 0)

        let exported = try runner.run(["review", "export", "--db", "t.sqlite", "--out", "review.csv"])
        #expect(exported.status == 0)
        #expect(exported.stdout.contains("exported \(queued) of \(queued) ticket\(queued == 1 ? "" : "s") waiting for review"))
        let reviewPath = directory.path("review.csv")
        // A byte-order mark, so that a spreadsheet reads the tickets' text as UTF-8; review import drops it.
        #expect(try Data(contentsOf: URL(fileURLWithPath: reviewPath)).prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        let untouched = try runner.run(["review", "import", "review.csv", "--db", "t.sqlite", "--json"])
        #expect(untouched.status == 0 && untouched.stdout.contains("\"skipped\":\(queued)"), "\(untouched.stdout)\(untouched.stderr)")
        #expect(try String(contentsOfFile: reviewPath, encoding: .utf8).hasPrefix(
            "\"id\",\"title\",\"description\",\"suggested_category\",\"suggested_priority\",\"confidence\",\"category\",\"priority\""))

        // A label outside the taxonomy rejects the file, naming the line and the allowed labels; nothing applies.
        var first = ""
        _ = try fill(reviewPath) { row in
            if first.isEmpty { first = row["id"]!; return ("refunds", "low") }
            return ("account", "critical")
        }
        let rejected = try runner.run(["review", "import", "review.csv", "--db", "t.sqlite"])
        #expect(rejected.status == 3)
        #expect(rejected.stdout.hasPrefix("review import: 1 rejected row, nothing applied"), "\(rejected.stdout)")
        let rejects = try String(contentsOfFile: directory.path("review.csv.rejects.csv"), encoding: .utf8)
        #expect(rejects.contains(
            "\"review.csv\",\"2\",\"field 'category': unknown value 'refunds'; allowed: billing, technical, account, general\""))
        #expect(try labels(first).categorySource == nil)

        let rows = try fill(reviewPath) { _ in ("account", "critical") }
        let applied = try runner.run(["review", "import", "review.csv", "--db", "t.sqlite", "--json"])
        #expect(applied.status == 0, "\(applied.stdout)")
        #expect(applied.stdout.contains("\"applied\":\(queued)"))
        for row in rows {
            let stored = try labels(row["id"]!)
            #expect(stored.category == "account" && stored.categorySource == "manual")
            #expect(stored.priority == "critical" && stored.prioritySource == "manual")
        }
        #expect(try runner.run(["review", "export", "--db", "t.sqlite", "--out", "left.csv", "--json"]).stdout.contains("\"waiting\":0"))

        // Neither classify --relabel nor a re-import of the export with other labels replaces a person's labels.
        #expect(try runner.run(["classify", "--db", "t.sqlite", "--relabel"]).status == 0)
        #expect(try runner.run(["export", "--db", "t.sqlite", "--out", "all.csv"]).status == 0)
        let exportPath = directory.path("all.csv")
        let export = try CSVTestReader(path: exportPath)
        let changed = export.rows.map { row -> [String: String] in
            var row = row
            row["category"] = "general"
            row["priority"] = "low"
            row["title"] = (row["title"] ?? "") + " (edited)"
            return row
        }
        try CSVTestReader.write(changed, header: export.header, to: exportPath)
        #expect(try runner.run(["import", "all.csv", "--db", "t.sqlite"]).status == 0)
        for row in rows {
            let stored = try labels(row["id"]!)
            #expect(stored.category == "account" && stored.categorySource == "manual")
            #expect(stored.priority == "critical" && stored.prioritySource == "manual")
        }
        // The others took the file's labels.
        let other = export.rows.first { row in !rows.contains { $0["id"] == row["id"] } }!
        #expect(try labels(other["id"]!).category == "general")

        // Only on purpose: --include-manual, and only with --relabel.
        let refused = try runner.run(["classify", "--db", "t.sqlite", "--include-manual"])
        #expect(refused.status == 64 && refused.stderr.contains("--include-manual needs relabel"))
        #expect(try runner.run(["classify", "--db", "t.sqlite", "--relabel", "--include-manual"]).status == 0)
        for row in rows { #expect(try labels(row["id"]!).categorySource == "local") }
        #expect(try labels(other["id"]!).categorySource == "imported")
    }

    /// Exporting again over a file a person has started filling in would lose their work: refused until the
    /// file is imported (its tickets then left the queue), unless --force. An untouched file is replaced.
    @Test func anExportNeverReplacesDecisionsNotYetImported() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        #expect(try runner.run(["classify", "--db", "t.sqlite", "--min-confidence", "1"]).status == 0)
        #expect(try runner.run(["review", "export", "--db", "t.sqlite", "--out", "review.csv"]).status == 0)
        #expect(try runner.run(["review", "export", "--db", "t.sqlite", "--out", "review.csv"]).status == 0)
        var decided = 0
        let filled = try fill(directory.path("review.csv")) { row in
            decided += 1
            return decided <= 2 ? (row["suggested_category"]!, row["suggested_priority"]!) : ("", "")
        }
        let refused = try runner.run(["review", "export", "--db", "t.sqlite", "--out", "review.csv"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("review.csv holds 2 filled-in rows for tickets still waiting for review"), "\(refused.stderr)")
        #expect(try CSVTestReader(path: directory.path("review.csv")).rows == filled)
        #expect(try runner.run(["review", "import", "review.csv", "--db", "t.sqlite"]).status == 0)
        let again = try runner.run(["review", "export", "--db", "t.sqlite", "--out", "review.csv"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try CSVTestReader(path: directory.path("review.csv")).rows.count == filled.count - 2)
        _ = try fill(directory.path("review.csv")) { row in (row["suggested_category"]!, "") }
        #expect(try runner.run(["review", "export", "--db", "t.sqlite", "--out", "review.csv"]).status == 1)
        #expect(try runner.run(["review", "export", "--db", "t.sqlite", "--out", "review.csv", "--force"]).status == 0)
        #expect(try CSVTestReader(path: directory.path("review.csv")).rows.allSatisfy { $0["category"] == "" })
    }

    @Test func anUnknownIdRejectsTheFileAndAnEmptyRowIsSkipped() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        try "id,category,priority\nT-00001,billing,high\nNO-SUCH,billing,high\nT-00002,,\n"
            .write(toFile: directory.path("r.csv"), atomically: true, encoding: .utf8)
        let rejected = try runner.run(["review", "import", "r.csv", "--db", "t.sqlite", "--json"])
        #expect(rejected.status == 3)
        #expect(rejected.stdout.contains("\"rejected\":1") && rejected.stdout.contains("\"skipped\":1"))
        #expect(try String(contentsOfFile: directory.path("r.csv.rejects.csv"), encoding: .utf8)
            .contains("\"3\",\"field 'id': no ticket 'NO-SUCH' in the database\""))
        #expect(try labels("T-00001").categorySource != "manual")
    }

    /// A person writes a label as the team says it ("Billing And Payments", "In-Progress"-style hyphens, capitals,
    /// spaces around it): read as import reads labels, not refused.
    @Test func labelsWrittenAsPeopleWriteThemApplyAsImportReadsThem() throws {
        #expect(try runner.run(["taxonomy", "set", Fixtures.path("taxonomies/helpdesk-queues.yml"), "--db", "t.sqlite"]).status == 0)
        try "id,title,created_at\nR-1,a,2026-11-20\nR-2,b,2026-11-20\nR-3,c,2026-11-20\n"
            .write(toFile: directory.path("in.csv"), atomically: true, encoding: .utf8)
        #expect(try runner.run(["import", "in.csv", "--db", "t.sqlite"]).status == 0)
        try "id,category,priority\nR-1,Billing And Payments,High\nR-2, it_support ,MEDIUM\nR-3,Technical-Support,low\n"
            .write(toFile: directory.path("r.csv"), atomically: true, encoding: .utf8)
        let result = try runner.run(["review", "import", "r.csv", "--db", "t.sqlite"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try labels("R-1") == ("billing_and_payments", "manual", "high", "manual"))
        #expect(try labels("R-2").category == "it_support" && labels("R-3").category == "technical_support")
        // Still refused: a label no spelling makes one of the taxonomy's.
        try "id,category,priority\nR-1,Billing Department,high\n".write(toFile: directory.path("bad.csv"), atomically: true, encoding: .utf8)
        let refused = try runner.run(["review", "import", "bad.csv", "--db", "t.sqlite"])
        #expect(refused.status == 3)
        #expect(try String(contentsOfFile: directory.path("bad.csv.rejects.csv"), encoding: .utf8)
            .contains("field 'category': unknown value 'Billing Department'"))
    }

    @Test func aFileCutOffInsideAQuoteAppliesNothing() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        try "id,category,priority\nT-00001,billing,high\nT-00002,\"account,critical\n"
            .write(toFile: directory.path("r.csv"), atomically: true, encoding: .utf8)
        let rejected = try runner.run(["review", "import", "r.csv", "--db", "t.sqlite", "--json"])
        #expect(rejected.status == 3)
        #expect(try String(contentsOfFile: directory.path("r.csv.rejects.csv"), encoding: .utf8)
            .contains("the file ends inside a quoted field"))
        #expect(try labels("T-00001").categorySource != "manual" && labels("T-00002").categorySource != "manual")
    }

    /// The rejects file is the import's: the rows in the file's own delimiter, `reject_file`, `reject_line` and
    /// `reject_reason` beside them; fixed, it is imported again as it stands.
    @Test func rejectsKeepTheFilesDelimiterAndImportAgainOnceFixed() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        try "id;category;priority\nT-00001;billing;high\nT-00002;refunds\n"
            .write(toFile: directory.path("r.csv"), atomically: true, encoding: .utf8)
        let rejected = try runner.run(["review", "import", "r.csv", "--db", "t.sqlite", "--rejects", "fix.csv"])
        #expect(rejected.status == 3)
        let rejects = try String(contentsOfFile: directory.path("fix.csv"), encoding: .utf8)
        let lines = rejects.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines == [
            "\"id\";\"category\";\"priority\";\"reject_file\";\"reject_line\";\"reject_reason\"",
            // The short row is padded so that the reason lines up under its header.
            "\"T-00002\";\"refunds\";\"\";\"r.csv\";\"3\";"
                + "\"field 'category': unknown value 'refunds'; allowed: billing, technical, account, general\"",
        ])
        #expect(try labels("T-00001").categorySource != "manual")

        try rejects.replacingOccurrences(of: "\"refunds\";\"\"", with: "\"account\";\"low\"")
            .write(toFile: directory.path("fix.csv"), atomically: true, encoding: .utf8)
        let applied = try runner.run(["review", "import", "fix.csv", "--db", "t.sqlite", "--json"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("\"applied\":1"))
        let stored = try labels("T-00002")
        #expect(stored.category == "account" && stored.categorySource == "manual" && stored.priority == "low")
    }

    /// A spreadsheet saves the file in its own code page (Excel's "CSV" is windows-1252, semicolon-separated in
    /// much of Europe): a £ in a description the person never touched applies the decisions all the same (it
    /// rejected the file), `--encoding` reads the text as written, and a byte that is not UTF-8 where the id
    /// is read still rejects the row.
    @Test func aFileASpreadsheetSavedInItsCodePageApplies() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let rows = "id;description;category;priority\r\nT-00001;refund of \u{A3}35.50;billing;high\r\nT-00002;caf\u{E9};account;low\r\n"
        try #require(rows.data(using: .windowsCP1252)).write(to: directory.url.appendingPathComponent("r.csv"))
        let applied = try runner.run(["review", "import", "r.csv", "--db", "t.sqlite", "--json"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("\"applied\":2"))
        #expect(try labels("T-00001").categorySource == "manual" && labels("T-00002").category == "account")
        let declared = try runner.run(["review", "import", "r.csv", "--db", "t.sqlite", "--encoding", "windows-1252", "--json"])
        #expect(declared.status == 0 && declared.stdout.contains("\"applied\":2"), "\(declared.stderr)")

        let badID = "id;category;priority\r\nT-00003;billing;high\r\nT-\u{E9}1;billing;high\r\n"
        try #require(badID.data(using: .windowsCP1252)).write(to: directory.url.appendingPathComponent("bad.csv"))
        let rejected = try runner.run(["review", "import", "bad.csv", "--db", "t.sqlite"])
        #expect(rejected.status == 3)
        #expect(try String(contentsOfFile: directory.path("bad.csv.rejects.csv"), encoding: .utf8)
            .contains("\"3\";\"column 'id': not valid UTF-8 (a file in another encoding needs --encoding: windows-1252 from Excel on Windows)\""))
        #expect(try labels("T-00003").categorySource != "manual")
        let unknown = try runner.run(["review", "import", "r.csv", "--db", "t.sqlite", "--encoding", "klingon"])
        #expect(unknown.status != 0 && unknown.stderr.contains("klingon"), "\(unknown.stderr)")
    }

    /// The person's filled-in file is never replaced by its own rejects.
    @Test func rejectsOverTheReviewedFileAreRefused() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let text = "id,category,priority\nT-00001,billing,high\nT-00002,refunds,low\n"
        try text.write(toFile: directory.path("r.csv"), atomically: true, encoding: .utf8)
        let refused = try runner.run(["review", "import", "r.csv", "--db", "t.sqlite", "--rejects", "./r.csv"])
        #expect(refused.status == 1 && refused.stderr.contains("the rejects file ./r.csv is this input"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: directory.path("r.csv"), encoding: .utf8) == text)
        #expect(try labels("T-00001").categorySource != "manual")
    }

    @Test func reviewExportRefusesToWriteOverTheDatabase() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let refused = try runner.run(["review", "export", "--db", "t.sqlite", "--out", "t.sqlite"])
        #expect(refused.status == 1 && refused.stderr.contains("t.sqlite is the database"), "\(refused.stderr)")
        let stored = try DatabaseQueue(path: directory.path("t.sqlite")).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets")
        }
        #expect(stored == 300)
    }
}
