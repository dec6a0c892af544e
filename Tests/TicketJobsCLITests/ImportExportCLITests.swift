import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketJobs

@Suite struct ImportExportCLITests {
    let directory: TemporaryDirectory
    let runner: CommandRunner

    init() throws {
        directory = try TemporaryDirectory()
        runner = CommandRunner(workingDirectory: directory.url)
    }

    func json(_ text: String) throws -> [String: Any] { try JSONSummary.parse(text) }

    @Test func importThenExportRoundTripsTheFixtures() throws {
        let imported = try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite", "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let summary = try json(imported.stdout)
        #expect(summary["read"] as? Int == 300)
        #expect(summary["inserted"] as? Int == 300)
        #expect(summary["rejected"] as? Int == 0)
        #expect(summary.keys.contains("rejects_path"))

        let exported = try runner.run(["export", "--db", "t.sqlite", "--out", "out.csv"])
        #expect(exported.status == 0)
        #expect(exported.stdout == "exported 300 tickets to out.csv\n")
        let header = try directory.read("out.csv").split(separator: "\r\n").first
        #expect(header == "\"id\",\"title\",\"description\",\"category\",\"priority\",\"status\",\"created_at\",\"resolved_at\",\"label_source\"")

        // The export imports again to the same tickets, without a warning about its label_source column.
        let again = try runner.run(["import", "out.csv", "--db", "t.sqlite", "--json"])
        #expect(again.status == 0)
        #expect(try json(again.stdout)["unchanged"] as? Int == 300)
        #expect(!again.stderr.contains("does not know"))
    }

    @Test func rejectedRowsExitWithThreeAndNameFileLineAndReason() throws {
        let path = Fixtures.path("broken/bad-date.csv")
        let result = try runner.run(["import", path, "--db", "t.sqlite"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("read 2, inserted 1, updated 0, unchanged 0, rejected 1"))
        #expect(result.stderr.contains("\(path.replacingOccurrences(of: "/", with: "\\/")):3"))
        #expect(result.stderr.contains("cannot parse date 'yesterday-ish'"))
        #expect(FileManager.default.fileExists(atPath: directory.path("rejects/bad-date.rejects.csv")))
    }

    @Test func aFileThatCannotBeReadExitsWithOne() throws {
        let result = try runner.run(["import", "missing.csv", "--db", "t.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("missing.csv: cannot read"))
        #expect(result.stdout.isEmpty)
    }

    @Test func maxRejectsExceededExitsWithOneAndKeepsNothing() throws {
        let result = try runner.run(["import", Fixtures.path("broken/bad-date.csv"), "--db", "t.sqlite", "--max-rejects", "0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nothing of this file was kept"))
        let export = try runner.run(["export", "--db", "t.sqlite"])
        // The tickets (none) are stdout's result; their count is said beside, on stderr.
        #expect(export.stderr.contains("exported 0 tickets"))
    }

    @Test func standardInputNeedsAFormat() throws {
        let rejected = try runner.run(["import", "-", "--db", "t.sqlite"], stdin: "")
        #expect(rejected.status == 64)
        let jsonl = try runner.run(
            ["import", "-", "--format", "jsonl", "--db", "t.sqlite", "--json"],
            stdin: "{\"id\":\"1\",\"title\":\"Hello\",\"created_at\":\"2026-11-20\"}\n\n")
        #expect(jsonl.status == 0)
        #expect(try json(jsonl.stdout)["inserted"] as? Int == 1)
    }

    /// Ids that start like a formula export as they are and import back to the same tickets; so do ids of
    /// an export by an earlier release, which guarded them.
    @Test func idsStartingLikeFormulasRoundTrip() throws {
        let input = try directory.write(
            "ids.csv", "id,title,created_at\n+4420,a,2026-11-20\n-5,b,2026-11-20\n=1,c,2026-11-20\n@x,d,2026-11-20\n")
        #expect(try runner.run(["import", input, "--db", "t.sqlite"]).status == 0)
        let csv = try runner.run(["export", "--db", "t.sqlite"])
        #expect(csv.stdout.contains("\n\"+4420\",") && csv.stdout.contains("\n\"-5\","), "\(csv.stdout)")
        try directory.write("back.csv", csv.stdout)
        let back = try runner.run(["import", "back.csv", "--db", "t.sqlite", "--json"])
        #expect(try json(back.stdout)["unchanged"] as? Int == 4)
        let old = try directory.write(
            "old.csv", "id,title,created_at\n'+4420,a,2026-11-20\n'-5,b,2026-11-20\n'=1,c,2026-11-20\n'@x,d,2026-11-20\n")
        let again = try runner.run(["import", old, "--db", "t.sqlite", "--json"])
        #expect(try json(again.stdout)["inserted"] as? Int == 0)
        #expect(try runner.run(["export", "--db", "t.sqlite"]).stdout.split(whereSeparator: \.isNewline).count == 5)
    }

    @Test func exportEscapesFormulasAndWritesJSONL() throws {
        let input = try directory.write(
            "f.jsonl",
            """
            {"id":"1","title":"=HYPERLINK(\\"x\\")","description":"+cmd","created_at":"2026-11-20"}
            {"id":"2","title":"'=quoted","description":"plain","created_at":"2026-11-21"}

            """)
        _ = try runner.run(["import", input, "--db", "t.sqlite"])
        let csv = try runner.run(["export", "--db", "t.sqlite"])
        #expect(csv.stdout.contains("\"'=HYPERLINK(\"\"x\"\")\",\"'+cmd\""))
        #expect(csv.stdout.contains("\"''=quoted\""))
        try directory.write("back.csv", csv.stdout)
        let back = try runner.run(["import", "back.csv", "--db", "t.sqlite", "--json"])
        #expect(try json(back.stdout)["unchanged"] as? Int == 2)

        let jsonl = try runner.run(["export", "--db", "t.sqlite", "--format", "jsonl", "--since", "2026-11-21"])
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try json(String(lines[0]))
        #expect(object["title"] as? String == "'=quoted")
        #expect(object["category"] is NSNull)
    }

    @Test func databaseComesFromTheEnvironment() throws {
        let env = CommandRunner(workingDirectory: directory.url, environment: ["TICKETJOBS_DB": directory.path("env.sqlite")])
        let result = try env.run(["import", Fixtures.path("tickets.jsonl")])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.path("env.sqlite")))
    }

    /// A first load killed mid-way (it writes through a rollback journal, with the rollups suspended) leaves whole
    /// batches of 10,000 rows and a sound file; the next run completes it without duplicates and rebuilds the
    /// report rollups. The kill is injected after the first commit, so no timing decides what the test sees.
    @Test func aFirstLoadKilledMidwayLeavesWholeBatchesAndTheNextRunCompletesIt() throws {
        let rows = 35_000
        try SignalCLITests.writeBigCSV(rows: rows, to: directory.url.appendingPathComponent("big.csv"))
        let crashing = CommandRunner(
            workingDirectory: directory.url, environment: ["TICKETJOBS_FAULT_IMPORT_AFTER_BATCHES": "1"])
        let crashed = try crashing.run(["import", "big.csv", "--db", "t.sqlite"])
        #expect(crashed.status == 137, "\(crashed.stderr)")

        let path = directory.url.appendingPathComponent("t.sqlite").path
        let database = try DatabaseQueue(path: path)
        try database.read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") == 10_000)
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            // The load died with the rollups suspended and the file in its rollback journal.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report_rollup_state") == 1)
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal")
        }
        try database.close()

        let again = try runner.run(["import", "big.csv", "--db", "t.sqlite", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let summary = try json(again.stdout)
        #expect(summary["inserted"] as? Int == rows - 10_000)
        #expect(summary["unchanged"] as? Int == 10_000)
        let reopened = try DatabaseQueue(path: path)
        try reopened.read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") == rows)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT external_id) FROM tickets") == rows)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == rows)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report_rollup_state") == 0)
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            // The killed import was left running by a dead process: the next open marked it interrupted.
            #expect(try String.fetchAll(db, sql: "SELECT status FROM import_files ORDER BY id") == ["interrupted", "completed"])
        }
    }
}
