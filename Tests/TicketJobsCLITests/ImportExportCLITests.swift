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
        #expect(exported.stdout.isEmpty)
        #expect(exported.stderr.contains("exported 300 tickets"))
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

    /// A first load killed mid-way (it writes through a rollback journal) leaves whole batches of 10,000 rows
    /// and a sound file; the next run completes it without duplicates and rebuilds the report rollups.
    @Test func aFirstLoadKilledMidwayLeavesWholeBatchesAndTheNextRunCompletesIt() throws {
        let rows = 150_000
        var csv = "id,title,description,category,priority,status,created_at,resolved_at\n"
        for i in 0..<rows {
            csv += "K-\(i),Cannot log in \(i),\"The app says \"\"error \(i % 97)\"\", after the update, again\",account,high,open,"
            csv += "2026-03-\(String(format: "%02d", 1 + i % 28))T10:00:00Z,\n"
        }
        try csv.write(to: directory.url.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = Fixtures.binary
        process.arguments = ["import", "big.csv", "--db", "t.sqlite"]
        process.currentDirectoryURL = directory.url
        process.environment = runner.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The file's header says WAL (2) once the store is set up, then rollback journal (1) when the first
        // load takes it over; a reader may then watch the commits (only leaving WAL needed the file to itself).
        let path = directory.url.appendingPathComponent("t.sqlite").path
        func journalMode() -> UInt8? {
            guard let file = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? file.close() }
            guard let header = try? file.read(upToCount: 20), header.count == 20 else { return nil }
            return header[header.startIndex + 18]
        }
        let deadline = Date().addingTimeInterval(120)
        var sawWAL = false
        while process.isRunning, Date() < deadline {
            let mode = journalMode()
            if mode == 2 { sawWAL = true } else if mode == 1, sawWAL { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(sawWAL && journalMode() == 1, "the first load did not take the file into a rollback journal")
        // The load holds its lock while a batch spills from the page cache: wait for it, as the CLI does.
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        let database = try DatabaseQueue(path: directory.url.appendingPathComponent("t.sqlite").path, configuration: configuration)
        func count() throws -> Int { try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets")! } }
        // Until the schema exists (the file is created before it) and the first batch has committed.
        while (try? count()) ?? 0 == 0, process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(process.isRunning, "the import ended before it could be interrupted")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let kept = try count()
        #expect(kept % 10_000 == 0 && kept > 0 && kept < rows, "\(kept)")
        #expect(try database.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        try database.close()

        let again = try runner.run(["import", "big.csv", "--db", "t.sqlite", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let summary = try json(again.stdout)
        #expect(summary["inserted"] as? Int == rows - kept)
        #expect(summary["unchanged"] as? Int == kept)
        let reopened = try DatabaseQueue(path: directory.url.appendingPathComponent("t.sqlite").path)
        try reopened.read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") == rows)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT external_id) FROM tickets") == rows)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == rows)
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
        }
    }
}
