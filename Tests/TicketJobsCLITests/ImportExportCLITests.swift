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
        let columns = [
            "id", "title", "description", "category", "priority", "status", "created_at", "resolved_at", "assignee", "group",
            "channel", "tags", "first_response_at", "satisfaction", "label_source",
        ]
        #expect(header.map(String.init) == columns.map { "\"\($0)\"" }.joined(separator: ","))

        // The export imports again to the same tickets, without a warning about its label_source column.
        let again = try runner.run(["import", "out.csv", "--db", "t.sqlite", "--json"])
        #expect(again.status == 0)
        #expect(try json(again.stdout)["unchanged"] as? Int == 300)
        #expect(!again.stderr.contains("does not know"))
    }

    /// The labels the local classifier gave come back in the export as the tickets have them: read back, they
    /// change nothing, and stay the classifier's (the local model never learns from its own labels).
    /// The size of standard input or a FIFO is unknown until it is read, so a backfill piped in loads row by row:
    /// when it was large enough that a regular file would have loaded with the indexes and triggers suspended, the
    /// log says so. A few new rows say nothing.
    @Test(arguments: [false, true])
    func aLargeBackfillFromAPipeAdvisesARegularFile(throughAFIFO: Bool) throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let big = directory.url.appendingPathComponent("big.csv")
        try SignalCLITests.writeBigCSV(rows: 25_000, to: big, padding: 400)
        let piped: CommandRunner.Result
        if throughAFIFO {
            let writer = try SignalCLITests.feed("big.csv", intoFIFO: "export.csv", in: directory.url)
            piped = try runner.run(["import", "export.csv", "--format", "csv", "--db", "t.sqlite", "--json"])
            writer.waitUntilExit()
        } else {
            piped = try runner.run(
                ["import", "-", "--format", "csv", "--db", "t.sqlite", "--json"], stdin: try String(contentsOf: big, encoding: .utf8))
        }
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try json(piped.stdout)["inserted"] as? Int == 25_000)
        #expect(piped.stderr.contains("a backfill this large loads several times faster from a regular file"), "\(piped.stderr)")
        let few = try runner.run(
            ["import", "-", "--format", "csv", "--db", "t.sqlite"],
            stdin: "id,title,description,category,priority,status,created_at,resolved_at\nN-1,Printer,jammed,,,open,2026-03-01T10:00:00Z,\n")
        #expect(few.status == 0, "\(few.stderr)")
        #expect(!few.stderr.contains("several times faster"), "\(few.stderr)")
    }

    @Test func anExportOfClassifiedTicketsReadBackChangesNothing() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        #expect(try runner.run(["classify", "--db", "t.sqlite", "--provider", "local"]).status == 0)
        let sources = "SELECT category_source, priority_source, COUNT(*), SUM(revision) FROM tickets GROUP BY 1, 2 ORDER BY 1, 2"
        let before = try DatabaseQueue(path: directory.path("t.sqlite")).read { try Row.fetchAll($0, sql: sources) }
        #expect(before.contains { $0[0] == "local" })
        for format in ["csv", "jsonl"] {
            #expect(try runner.run(["export", "--db", "t.sqlite", "--format", format, "--out", "out.\(format)"]).status == 0)
            let again = try runner.run(["import", "out.\(format)", "--db", "t.sqlite", "--json"])
            #expect(again.status == 0, "\(again.stderr)")
            let summary = try json(again.stdout)
            #expect(summary["unchanged"] as? Int == 300 && summary["updated"] as? Int == 0, "\(format): \(summary)")
        }
        let after = try DatabaseQueue(path: directory.path("t.sqlite")).read { try Row.fetchAll($0, sql: sources) }
        #expect(after == before)
    }

    /// `import -` typed without a pipe reads the terminal: it says so and how to end, rather than wait in silence.
    /// (util-linux's `script` gives the command a terminal; it echoes what is typed, as a terminal does.)
    @Test func importFromTheTerminalSaysHowToEnd() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "util-linux's script gives the command a terminal")
        let typed = "id,title,description,created_at\nA-1,Hi,there,2026-11-01T10:00:00Z\n\u{04}"
        let result = try runner.run(
            ["-qec", "'\(Fixtures.binary.path)' import - --format csv --db t.sqlite", "/dev/null"], stdin: typed, executable: script)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("reading CSV from the terminal: type or paste the rows, then press Ctrl-D"), "\(result.stdout)")
        #expect(result.stdout.contains("read 1, inserted 1"), "\(result.stdout)")
        // Piped, nothing is said.
        let piped = try runner.run(["import", "-", "--format", "csv", "--db", "t.sqlite"], stdin: "id,title,description,created_at\n")
        #expect(piped.status == 0 && !piped.stderr.contains("terminal"), "\(piped.stderr)")
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

    /// `--rejects` naming the input (however spelled), or a second input the first file's rejects would
    /// replace, is refused before anything is read: the file stays as it was, nothing is imported, and no
    /// database is created for the refused run (nor for an unknown encoding).
    @Test func aRejectsFileThatWouldReplaceAnInputIsRefused() throws {
        let input = directory.path("in.csv")
        try FileManager.default.copyItem(atPath: Fixtures.path("broken/bad-date.csv"), toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        for rejects in ["in.csv", "./in.csv"] {
            let refused = try runner.run(["import", "in.csv", "--db", "t.sqlite", "--rejects", rejects])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("in.csv: the rejects file \(rejects) is this input"), "\(refused.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        }
        try FileManager.default.createDirectory(atPath: directory.path("rejects"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: input, toPath: directory.path("rejects/in.rejects.csv"))
        let second = try runner.run(["import", "in.csv", "rejects/in.rejects.csv", "--db", "t.sqlite"])
        #expect(second.status == 1 && second.stderr.contains("rejects/in.rejects.csv: the rejects file"), "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
        let onTheDatabase = try runner.run(["import", "in.csv", "--db", "new.sqlite", "--rejects", "new.sqlite"])
        #expect(onTheDatabase.status == 1 && onTheDatabase.stderr.contains("is the database"), "\(onTheDatabase.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("new.sqlite")))
        // Nor does an encoding iconv does not know.
        let encoding = try runner.run(["import", "in.csv", "--db", "new.sqlite", "--encoding", "klingon"])
        #expect(encoding.status == 1 && encoding.stderr.contains("unknown encoding 'klingon'"), "\(encoding.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("new.sqlite")))
    }

    /// An API's JSON array piped in reads as its tickets, as a saved `.json` page does.
    @Test func aJSONArrayOnStandardInputIsImported() throws {
        let array = #"[{"id": "S1", "title": "a", "created_at": "2026-11-20"},"# + "\n" + #" {"id": "S2", "title": "b", "created_at": "2026-11-21"}]"#
        let result = try runner.run(["import", "-", "--format", "jsonl", "--db", "t.sqlite", "--json"], stdin: array)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try json(result.stdout)["inserted"] as? Int == 2)
    }

    /// A folder given for one input's rejects gets the file named as the default would be, inside it.
    @Test func aFolderForOneInputsRejectsHoldsItsRejectsFile() throws {
        try FileManager.default.createDirectory(atPath: directory.path("mine"), withIntermediateDirectories: true)
        for (rejects, expected) in [("mine", "mine/bad-date.rejects.csv"), ("new/", "new/bad-date.rejects.csv")] {
            let result = try runner.run(["import", Fixtures.path("broken/bad-date.csv"), "--db", "t.sqlite", "--rejects", rejects])
            #expect(result.status == 3, "\(result.stderr)")
            #expect(result.stdout.contains(expected))
            #expect(FileManager.default.fileExists(atPath: directory.path(expected)))
        }
    }

    @Test func aFileThatCannotBeReadExitsWithOne() throws {
        let result = try runner.run(["import", "missing.csv", "--db", "t.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("missing.csv: cannot read"))
        #expect(result.stdout.isEmpty)
    }

    /// A file whose extension names no format stops the run before anything is read; a mapping file given where
    /// the exports go (the slip of a missing `--mapping`) is told where it belongs.
    @Test func aFileOfNoKnownFormatSaysWhatToPass() throws {
        let notes = try directory.write("notes.txt", "id,title\n1,Hi\n")
        let unknown = try runner.run(["import", notes, "--db", "t.sqlite"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("notes.txt: cannot tell the format from the extension; pass --format csv"), "\(unknown.stderr)")
        let mapping = Fixtures.path("mappings/helpdesk-600.yml")
        let slip = try runner.run(["import", mapping, "--db", "t.sqlite"])
        #expect(slip.status == 1)
        #expect(slip.stderr.contains("helpdesk-600.yml: a YAML file, not an export: a mapping file goes after --mapping"), "\(slip.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
    }

    /// A header no row could be imported under (the wrong preset) and a mapping file that is not there stop the
    /// run before a database is created: the next command would otherwise find an empty one and report on it.
    @Test func aHeaderTheMappingCannotReadLeavesNoDatabase() throws {
        let wrongPreset = try runner.run(["import", Fixtures.path("tickets.csv"), "--mapping", "jira", "--db", "t.sqlite"])
        #expect(wrongPreset.status == 1)
        #expect(wrongPreset.stderr.contains("tickets.csv:1: no column for field 'id'"), "\(wrongPreset.stderr)")
        let withoutPreset = try runner.run(["import", Fixtures.path("presets/zendesk.csv"), "--db", "t.sqlite"])
        #expect(withoutPreset.status == 1 && withoutPreset.stderr.contains("--mapping zendesk"), "\(withoutPreset.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
        let missing = try runner.run(["import", Fixtures.path("tickets.csv"), "--mapping", "mappings/zendesk.yml", "--db", "t.sqlite"])
        #expect(missing.status == 1 && missing.stderr.contains("mapping file mappings/zendesk.yml: no such file"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
        let mistyped = try runner.run(["import", Fixtures.path("tickets.csv"), "--mapping", "freshdsk", "--db", "t.sqlite"])
        #expect(mistyped.status == 1 && mistyped.stderr.contains("unknown mapping 'freshdsk': did you mean 'freshdesk'?"), "\(mistyped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
        // Zendesk's JSON export without --mapping would import with every title empty: stopped the same way, and
        // imported as asked once a mapping is named.
        try directory.write(
            "zendesk.jsonl",
            #"{"id": 101, "subject": "Refund", "description": "Charged twice", "status": "open", "created_at": "2026-11-02T10:00:00Z"}"# + "\n")
        let zendesk = try runner.run(["import", "zendesk.jsonl", "--db", "t.sqlite"])
        #expect(zendesk.status == 1 && zendesk.stderr.contains("zendesk.jsonl:1: its first object has zendesk's columns (subject as title)"), "\(zendesk.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
        #expect(try runner.run(["import", "zendesk.jsonl", "--mapping", "zendesk", "--db", "t.sqlite"]).status == 0)
        // The same header on standard input is read once, by the import itself.
        let piped = try runner.run(
            ["import", "-", "--format", "csv", "--db", "t.sqlite", "--json"],
            stdin: try String(contentsOfFile: Fixtures.path("tickets.csv"), encoding: .utf8))
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try json(piped.stdout)["inserted"] as? Int == 300)
    }

    /// A compressed export, a workbook or the database itself is named as what it is, with what to do, before
    /// a database is created; it read as a header of binary ("no column for field 'id' … the header has: ��…").
    @Test func aFileThatIsNoTextSaysWhatItIs() throws {
        try directory.write("export.csv.gz", Data([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xED, 0xBD]))
        let gzip = try runner.run(["import", "export.csv.gz", "--db", "t.sqlite"])
        #expect(gzip.status == 1)
        #expect(gzip.stderr.contains(
            "export.csv.gz: a gzip-compressed file, not CSV or JSON text; decompress it first: gzip -dc export.csv.gz | ticketjobs import - --format csv"),
            "\(gzip.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
        try directory.write("tickets.xlsx", Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))
        let workbook = try runner.run(["import", "tickets.xlsx", "--format", "csv", "--db", "t.sqlite"])
        #expect(workbook.status == 1)
        #expect(workbook.stderr.contains("tickets.xlsx: a ZIP archive (an Excel .xlsx workbook is one), not CSV or JSON text; unzip it, or save the sheet as CSV UTF-8"))
        // Standard input is looked at as it is read.
        let database = try runner.run(["import", "-", "--format", "csv", "--db", "t.sqlite"], stdin: "SQLite format 3\u{0}\u{10}\u{0}")
        #expect(database.status == 1)
        #expect(database.stderr.contains("<stdin>: an SQLite database, not CSV or JSON text"), "\(database.stderr)")
    }

    /// Text from an export reaches a person's terminal in error lines and, on a terminal, in readable log lines:
    /// an escape sequence in it (`ESC]0;…BEL` retitles the window) is written out, not run by the terminal.
    @Test func escapeSequencesFromAnExportAreShownNotRun() throws {
        try directory.write("header.csv", "ticket\u{1B}]0;pwned\u{7},title\n1,2\n")
        let header = try runner.run(["import", "header.csv", "--db", "t.sqlite"])
        #expect(header.status == 1)
        #expect(header.stderr.contains("the header has: ticket\\u{1B}]0;pwned\\u{7}, title"), "\(header.stderr)")
        #expect(!header.stderr.contains("\u{1B}"))

        // A file's name is shown too (in the progress line), and a job's glob matches whatever files are called.
        let name = "rows\u{1B}]0;x\u{7}.csv"
        try directory.write(name, "id,title,created_at,category\nX1,t,2026-11-01,\u{1B}[2J\u{9B}31mred\nX2,t,2026-11-01,billing\n")
        // `script` gives the command a terminal, where logs are readable lines instead of JSON.
        let command = "'\(Fixtures.binary.path)' import rows*.csv --db t.sqlite"
        let terminal = try runner.run(["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(terminal.status == 3, "\(terminal.stdout)\(terminal.stderr)")
        #expect(terminal.stdout.contains("notice: row rejected (at=rows\\u{1B}]0;x\\u{7}.csv:2 reason=field 'category': unknown value '\\u{1B}[2J\\u{9B}31mred'"),
            "\(terminal.stdout)")
        // The progress line's own sequences aside (it clears its line with ESC[2K), none came from the file.
        #expect(!terminal.stdout.replacingOccurrences(of: "\u{1B}[2K", with: "").contains("\u{1B}"), "\(terminal.stdout)")
        #expect(!terminal.stdout.unicodeScalars.contains("\u{9B}"))
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

    /// `--out` naming the database (a slip of tab completion) would replace every ticket with a CSV of them;
    /// `--rejects` naming it, with the rejected rows.
    @Test func noOutputFileMayReplaceTheDatabase() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        for out in ["t.sqlite", "./t.sqlite", "t.sqlite-wal"] {
            let refused = try runner.run(["export", "--db", "t.sqlite", "--out", out])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("\(out) is the database t.sqlite"), "\(refused.stderr)")
        }
        let stored = try DatabaseQueue(path: directory.path("t.sqlite")).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets")
        }
        #expect(stored == 300)
        // Nor may rejected rows land on it.
        let rejects = try runner.run(["import", Fixtures.path("broken/bad-date.csv"), "--db", "t.sqlite", "--rejects", "t.sqlite"])
        #expect(rejects.status == 1 && rejects.stderr.contains("t.sqlite is the database"), "\(rejects.stderr)")
        let piped = try runner.run(
            ["import", "-", "--format", "csv", "--db", "t.sqlite", "--rejects", "./t.sqlite"],
            stdin: try String(contentsOfFile: Fixtures.path("broken/bad-date.csv"), encoding: .utf8))
        #expect(piped.status == 1 && piped.stderr.contains("./t.sqlite is the database t.sqlite"), "\(piped.stderr)")
        let review = try runner.run(["review", "import", Fixtures.path("tickets.csv"), "--db", "t.sqlite", "--rejects", "t.sqlite"])
        #expect(review.status == 1 && review.stderr.contains("t.sqlite is the database"), "\(review.stderr)")
        let after = try DatabaseQueue(path: directory.path("t.sqlite")).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets")
        }
        #expect(after == 300)
    }

    /// `export --json` prints its summary with `--out`; without, stdout is the export, and `--json` is refused.
    @Test func exportSummarisesAsJSONOnlyBesideAFile() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let written = try runner.run(["export", "--db", "t.sqlite", "--out", "all.csv", "--json"])
        #expect(written.status == 0)
        #expect(try json(written.stdout)["exported"] as? Int == 300)
        let refused = try runner.run(["export", "--db", "t.sqlite", "--json"])
        #expect(refused.status == 64 && refused.stderr.contains("--json needs --out"))
        // '-' is standard output, as import reads it for standard input (it wrote a file named '-').
        for command in [["export"], ["review", "export"]] {
            let dashed = try runner.run(command + ["--db", "t.sqlite", "--out", "-"])
            #expect(dashed.status == 0 && dashed.stdout.hasPrefix("\"id\",\"title\",\"description\""), "\(dashed.stdout)")
            #expect(!FileManager.default.fileExists(atPath: directory.path("-")))
        }
    }

    /// Without --format, the output's extension says which format; CSV under `.jsonl` (or `.xlsx`) read back as
    /// that failed, so a name of another format is refused and nothing is written.
    @Test func anExportsFormatFollowsItsFileName() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let lines = try runner.run(["export", "--db", "t.sqlite", "--out", "backup.jsonl"])
        #expect(lines.status == 0, "\(lines.stderr)")
        let first = try String(contentsOfFile: directory.path("backup.jsonl"), encoding: .utf8).prefix { $0 != "\n" }
        #expect(try JSONSerialization.jsonObject(with: Data(first.utf8)) is [String: Any])
        let again = try runner.run(["import", "backup.jsonl", "--db", "copy.sqlite", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try json(again.stdout)["inserted"] as? Int == 300)
        for name in ["labels.xlsx", "labels.json"] {
            let refused = try runner.run(["export", "--db", "t.sqlite", "--out", name])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("\(name): export writes CSV (.csv) or JSON Lines (.jsonl, .ndjson)"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.path(name)))
        }
        let named = try runner.run(["export", "--db", "t.sqlite", "--out", "labels.json", "--format", "jsonl"])
        #expect(named.status == 0, "\(named.stderr)")
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

    /// `--period` chooses the tickets as a report's period does (its days in `--timezone`); it and
    /// `--since/--until` are two ways of saying one thing, so not both.
    @Test func exportTakesAReportsPeriod() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let period = try runner.run(["export", "--db", "t.sqlite", "--period", "2026-11", "--timezone", "Europe/Berlin", "--out", "a.csv", "--json"])
        let window = try runner.run([
            "export", "--db", "t.sqlite", "--since", "2026-10-31T23:00:00Z", "--until", "2026-11-30T23:00:00Z", "--out", "b.csv", "--json",
        ])
        #expect(period.status == 0 && window.status == 0, "\(period.stderr)\(window.stderr)")
        let count = try #require(try json(period.stdout)["exported"] as? Int)
        let windowCount = try json(window.stdout)["exported"] as? Int
        #expect(count > 0 && count < 300 && count == windowCount)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.path("a.csv"))) == Data(contentsOf: URL(fileURLWithPath: directory.path("b.csv"))))
        let both = try runner.run(["export", "--db", "t.sqlite", "--period", "2026-11", "--since", "2026-11-01"])
        #expect(both.status == 64 && both.stderr.contains("--period or --since/--until"), "\(both.stderr)")
    }

    @Test func databaseComesFromTheEnvironment() throws {
        let env = CommandRunner(workingDirectory: directory.url, environment: ["TICKETJOBS_DB": directory.path("env.sqlite")])
        let result = try env.run(["import", Fixtures.path("tickets.jsonl")])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.path("env.sqlite")))
    }

    /// A first load killed mid-way (it writes through a rollback journal, with the rollups suspended) leaves whole
    /// batches of 10,000 rows and a sound file; the next run completes it without duplicates, as a first load
    /// (indexes and rollups rebuilt once at its end). The kill is injected after the first commit, so no timing decides what the test sees.
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
        // As a first load, not by live upserts (~6 times as long).
        #expect(again.stderr.contains("completing an unfinished first load"), "\(again.stderr)")
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

/// The export's own columns (assignee, group, channel, tags, first response, satisfaction) and every other
/// column are kept at import and written back by `export`, so that export → import changes nothing.
@Suite struct ExportColumnsCLITests {
    let directory: TemporaryDirectory
    let runner: CommandRunner

    init() throws {
        directory = try TemporaryDirectory()
        runner = CommandRunner(workingDirectory: directory.url)
    }

    func json(_ text: String) throws -> [String: Any] { try JSONSummary.parse(text) }

    func record(_ id: String, db: String = "t.sqlite") throws -> TicketRecord? {
        let queue = try DatabaseQueue(path: directory.path(db))
        return try queue.read { db in try TicketRecord.fetchOne(db, sql: "SELECT * FROM tickets WHERE external_id = ?", arguments: [id]) }
    }

    static let csv = """
        id,title,created_at,assignee,group,channel,tags,first_response_at,satisfaction,Region,Plan,Notes
        A-1,Refund please,2026-11-20T10:00:00Z,Ana,Billing team,Email,"refund, vip",2026-11-20T10:30:00Z,good,EU,gold,"says ""hi"", twice"
        A-2,Cannot log in,2026-11-21T09:00:00Z,=cmd,Tier 2,chat,,,4,,,
        A-3,Quiet one,2026-11-22T09:00:00Z,,,,,,,,,

        """

    @Test(arguments: ["csv", "jsonl"])
    func ownColumnsAndOthersRoundTripThroughExport(format: String) throws {
        let input = try directory.write("in.csv", Self.csv)
        let first = try runner.run(["import", input, "--db", "t.sqlite", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("warning"), "\(first.stderr)")
        let a1 = try #require(try record("A-1"))
        #expect(a1.assignee == "Ana" && a1.group == "Billing team" && a1.channel == "email")
        #expect(TicketRecord.decodeTags(a1.tags) == ["refund", "vip"])
        #expect(a1.firstResponseAt == a1.createdAt + 1800)
        #expect(a1.satisfaction == "good")
        #expect(a1.attributes == #"{"Notes":"says \"hi\", twice","Plan":"gold","Region":"EU"}"#)
        let a2 = try #require(try record("A-2"))
        #expect(a2.assignee == "=cmd" && a2.satisfaction == "4" && a2.attributes == nil && a2.tags == nil)

        let exported = try runner.run(["export", "--db", "t.sqlite", "--format", format, "--out", "out.\(format)"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let text = try String(contentsOfFile: directory.path("out.\(format)"), encoding: .utf8)
        if format == "csv" {
            let header = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }.replacingOccurrences(of: "\"", with: "")
            #expect(
                header == "id,title,description,category,priority,status,created_at,resolved_at,assignee,group,channel,"
                    + "tags,first_response_at,satisfaction,label_source,Notes,Plan,Region")
            // A spreadsheet would run it: guarded on the way out, and undone on the way back in.
            #expect(text.contains(#""'=cmd""#))
        } else {
            #expect(text.contains(#""Region":"EU""#) && text.contains(#""tags":["refund","vip"]"#))
        }
        // Into the same store: nothing changed. Into a new one: the same tickets.
        let again = try runner.run(["import", directory.path("out.\(format)"), "--db", "t.sqlite", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try json(again.stdout)["unchanged"] as? Int == 3, "\(again.stdout)")
        let fresh = try runner.run(["import", directory.path("out.\(format)"), "--db", "fresh.sqlite"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        for id in ["A-1", "A-2", "A-3"] {
            var copy = try #require(try record(id, db: "fresh.sqlite"))
            let original = try #require(try record(id))
            copy.sourceFile = original.sourceFile
            copy.sourceLine = original.sourceLine
            copy.id = original.id
            #expect(copy == original, "\(id)")
        }
    }

    /// A kept column named like one of ours (Jira's numeric `id` beside its key, Freshdesk's HTML `description`
    /// beside the text) goes out as `attributes.NAME` and comes back as that attribute: it was left out of the
    /// CSV, overwritten in JSONL, and then gone from the store at the re-import.
    @Test(arguments: ["csv", "jsonl"])
    func anAttributeNamedLikeOurColumnsRoundTrips(format: String) throws {
        let jira = try directory.write(
            "jira.json", #"{"issues": [{"id": "10002", "key": "JSM-7", "fields": {"summary": "Printer jam", "created": "2026-11-20T10:05:00.000+0100"}}]}"#)
        let freshdesk = try directory.write(
            "freshdesk.json",
            #"[{"id": 20, "subject": "Refund", "description": "<div>Charged twice</div>", "description_text": "Charged twice", "created_at": "2026-11-20T09:05:00Z"}]"#)
        #expect(try runner.run(["import", jira, "--mapping", "jira", "--db", "t.sqlite"]).status == 0)
        #expect(try runner.run(["import", freshdesk, "--mapping", "freshdesk", "--db", "t.sqlite"]).status == 0)
        #expect(try record("JSM-7")?.attributes == #"{"id":"10002"}"#)
        #expect(try record("20")?.attributes == #"{"description":"<div>Charged twice</div>"}"#)
        let exported = try runner.run(["export", "--db", "t.sqlite", "--format", format, "--out", "out.\(format)"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let text = try String(contentsOfFile: directory.path("out.\(format)"), encoding: .utf8)
        #expect(text.contains("attributes.id") && text.contains("attributes.description"))
        let again = try runner.run(["import", directory.path("out.\(format)"), "--db", "t.sqlite", "--json"])
        #expect(try json(again.stdout)["unchanged"] as? Int == 2, "\(again.stdout)")
        #expect(try runner.run(["import", directory.path("out.\(format)"), "--db", "fresh.sqlite"]).status == 0)
        for id in ["JSM-7", "20"] {
            #expect(try record(id, db: "fresh.sqlite")?.attributes == (try record(id)?.attributes), "\(id)")
        }
    }

    /// A JSON export's key `""` is kept (it was dropped without a word), goes out as `attributes.` (a CSV header
    /// cannot name it: an empty one reads as `column_N`) and comes back as `""`, in either format.
    @Test(arguments: ["csv", "jsonl"])
    func anEmptyKeyIsKeptAndRoundTrips(format: String) throws {
        let input = try directory.write("in.jsonl", #"{"id": "E-1", "title": "t", "created_at": "2026-11-01T00:00:00Z", "": "under no name"}"# + "\n")
        let imported = try runner.run(["import", input, "--db", "t.sqlite"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try record("E-1")?.attributes == #"{"":"under no name"}"#)
        #expect(try runner.run(["export", "--db", "t.sqlite", "--format", format, "--out", "out.\(format)"]).status == 0)
        #expect(try String(contentsOfFile: directory.path("out.\(format)"), encoding: .utf8).contains("attributes."))
        let again = try runner.run(["import", directory.path("out.\(format)"), "--db", "t.sqlite", "--json"])
        #expect(try json(again.stdout)["unchanged"] as? Int == 1, "\(again.stdout)")
        #expect(try runner.run(["import", directory.path("out.\(format)"), "--db", "fresh.sqlite"]).status == 0)
        #expect(try record("E-1", db: "fresh.sqlite")?.attributes == #"{"":"under no name"}"#)
    }

    @Test func aChangedAssigneeUpdatesTheTicket() throws {
        let input = try directory.write("in.csv", Self.csv)
        _ = try runner.run(["import", input, "--db", "t.sqlite"])
        let changed = try directory.write("changed.csv", Self.csv.replacingOccurrences(of: ",Ana,", with: ",Bo,"))
        let result = try runner.run(["import", changed, "--db", "t.sqlite", "--json"])
        #expect(try json(result.stdout)["updated"] as? Int == 1)
        #expect(try record("A-1")?.assignee == "Bo")
    }

    @Test func aSatisfactionOutsideGoodBadOrOneToFiveIsRejected() throws {
        let input = try directory.write(
            "bad.csv", "id,title,created_at,satisfaction\nB-1,t,2026-11-20T10:00:00Z,great\nB-2,t,2026-11-20T10:00:00Z,6\n")
        let result = try runner.run(["import", input, "--db", "t.sqlite"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("field 'satisfaction': unknown value 'great'"), "\(result.stderr)")
        // Not called a label outside the taxonomy, which has none for satisfaction.
        #expect(!result.stdout.contains("outside the database's taxonomy"), "\(result.stdout)")
    }

    /// A legacy export writes every date one way: when that way is none the import reads, the summary says so once,
    /// with the first, and names the mapping's `date_formats:`, which then reads them.
    @Test func datesInNoFormatReadAreSaidOnceWithWhereTheFormatIsNamed() throws {
        let input = try directory.write(
            "us.csv",
            "id,title,created_at,resolved_at\nU-1,t,11/01/2026 10:00,\nU-2,t,2026-11-02T10:00:00Z,11/03/2026 09:00\nU-3,t,11/03/2026 10:00,\nU-4,t,soon,\n")
        let result = try runner.run(["import", input, "--db", "t.sqlite"])
        #expect(result.status == 3)
        let said = result.stdout.split(separator: "\n").filter { $0.hasPrefix("dates of ") }
        #expect(said.count == 1, "\(result.stdout)")
        #expect(said.first?.hasPrefix("dates of \(input) in no format read: 3 rows, the first at line 2: created_at '11/01/2026 10:00'.") == true, "\(result.stdout)")
        #expect(said.first?.contains("a mapping file's date_formats: reads the export's own") == true)
        let summary = try json(try runner.run(["import", input, "--db", "t.sqlite", "--json"]).stdout)
        let files = try #require(summary["files"] as? [[String: Any]])
        let unread = try #require(files.first?["unread_dates"] as? [String: Any], "\(summary)")
        #expect(unread["count"] as? Int == 3 && unread["first_line"] as? Int == 2)
        #expect(unread["field"] as? String == "created_at" && unread["first"] as? String == "11/01/2026 10:00")
        // A word is a bad value, not a format: its row is rejected (and said) without this line.
        let word = try directory.write("word.csv", "id,title,created_at\nW-1,t,yesterday-ish\nW-2,t,2026-11-02T10:00:00Z\n")
        let worded = try runner.run(["import", word, "--db", "word.sqlite"])
        #expect(worded.status == 3 && !worded.stdout.contains("dates of "), "\(worded.stdout)")
        // Named in a mapping, they read (the word's row alone is rejected); nothing is said.
        let mapping = try directory.write("us.yml", "version: 1\nextends: ticketjobs\ndate_formats: [\"MM/dd/yyyy HH:mm\"]\n")
        let mapped = try runner.run(["import", input, "--db", "mapped.sqlite", "--mapping", mapping])
        #expect(mapped.status == 3 && mapped.stdout.hasPrefix("read 4, inserted 3, updated 0, unchanged 0, rejected 1\n"), "\(mapped.stdout)")
        #expect(!mapped.stdout.contains("dates of "), "\(mapped.stdout)")
    }

    /// Zendesk's JSON export nests the channel, the rating and the metrics, and lists tags.
    @Test func zendeskJSONExportKeysMapOntoTheOwnColumns() throws {
        let input = try directory.write(
            "zendesk.json",
            """
            {"id": 35436, "subject": "Help, my printer is on fire!", "description": "The smoke is very colorful.", "priority": "urgent", "status": "solved", "created_at": "2026-11-20T10:00:00Z", "assignee_id": 235323, "group_id": 98738, "via": {"channel": "web"}, "tags": ["enterprise", "other_tag"], "satisfaction_rating": {"score": "bad"}, "metric_set": {"solved_at": "2026-11-21T10:00:00Z", "reply_time_in_minutes": {"calendar": 90}}, "organization_id": 509974}
            {"id": 35437, "subject": "Tags of the wrong kind", "created_at": "2026-11-20T10:00:00Z", "tags": ["ok", 7]}

            """)
        let result = try runner.run(["import", input, "--format", "jsonl", "--mapping", "zendesk", "--db", "t.sqlite"])
        #expect(result.status == 3, "\(result.stderr)")
        let ticket = try #require(try record("35436"))
        #expect(ticket.assignee == "235323" && ticket.group == "98738" && ticket.channel == "web")
        #expect(TicketRecord.decodeTags(ticket.tags) == ["enterprise", "other_tag"])
        #expect(ticket.satisfaction == "bad" && ticket.priority == .critical && ticket.status == .resolved)
        #expect(ticket.resolvedAt == ticket.createdAt + 86400 && ticket.firstResponseAt == ticket.createdAt + 5400)
        #expect(ticket.attributes == #"{"organization_id":509974}"#)
        #expect(result.stderr.contains("key 'tags': expected a string or number, found an array holding something other than text"), "\(result.stderr)")
    }

    /// What the preset reads out of Zendesk's objects is not kept twice; the rest of them is kept (it was dropped),
    /// and goes out and back in through our JSON export unchanged.
    @Test func zendeskJSONExportKeepsWhatThePresetDoesNotRead() throws {
        let input = try directory.write(
            "zendesk.json",
            """
            {"id": 35436, "subject": "Printer", "description": "Smoke", "created_at": "2026-11-20T10:00:00Z", "via": {"channel": "email", "source": {"from": {"address": "ann@example.com"}, "rel": null}}, "satisfaction_rating": {"score": "bad", "comment": "Too slow"}, "metric_set": {"solved_at": "2026-11-21T10:00:00Z", "reopens": 2, "closed_at": null, "reply_time_in_minutes": {"calendar": 90, "business": 30}}, "organization_id": 509974}

            """)
        let first = try runner.run(["import", input, "--mapping", "zendesk", "--db", "t.sqlite"])
        #expect(first.status == 0, "\(first.stderr)")
        let ticket = try #require(try record("35436"))
        #expect(ticket.channel == "email" && ticket.satisfaction == "bad" && ticket.firstResponseAt == ticket.createdAt + 5400)
        #expect(
            ticket.attributes
                == #"{"metric_set":{"reopens":2,"reply_time_in_minutes":{"business":30}},"organization_id":509974,"#
                + #""satisfaction_rating":{"comment":"Too slow"},"via":{"source":{"from":{"address":"ann@example.com"},"rel":null}}}"#)
        let again = try runner.run(["import", input, "--mapping", "zendesk", "--db", "t.sqlite", "--json"])
        #expect(try json(again.stdout)["unchanged"] as? Int == 1, "\(again.stdout)")
        #expect(try runner.run(["export", "--db", "t.sqlite", "--format", "jsonl", "--out", "out.jsonl"]).status == 0)
        let back = try runner.run(["import", directory.path("out.jsonl"), "--db", "t.sqlite", "--json"])
        #expect(try json(back.stdout)["unchanged"] as? Int == 1, "\(back.stdout)")
        #expect(try runner.run(["import", directory.path("out.jsonl"), "--db", "fresh.sqlite"]).status == 0)
        #expect(try record("35436", db: "fresh.sqlite")?.attributes == ticket.attributes)
    }

    /// What a CSV cell cannot hold as it is — a list from a column Jira repeats, a JSON export's objects, numbers
    /// and booleans — goes out in a `NAME:json` column as JSON and comes back as the value it was: it came back as
    /// its text, so that a CSV export re-imported changed those tickets, in the same store or a new one.
    @Test func listsAndJSONValuesRoundTripThroughACSVExport() throws {
        let jira = try directory.write(
            "jira.csv", "Issue key,Summary,Created,Watchers,Watchers,Sprint\nJ-1,Printer jam,2026-11-20 10:00,ann,bob,S1\nJ-2,Toner,2026-11-21 10:00,cy,,\n")
        let zendesk = try directory.write(
            "zendesk.json",
            #"{"id": 35436, "subject": "Printer", "description": "Smoke", "created_at": "2026-11-20T10:00:00Z", "via": {"channel": "email", "source": {"rel": null, "to": "a/b"}}, "metric_set": {"reopens": 2}, "organization_id": 509974, "is_public": true, "odd:json": "plain", "url": "https://x.test/35436"}"# + "\n")
        #expect(try runner.run(["import", jira, "--mapping", "jira", "--db", "t.sqlite"]).status == 0)
        #expect(try runner.run(["import", zendesk, "--mapping", "zendesk", "--db", "t.sqlite"]).status == 0)
        #expect(try record("J-1")?.attributes == #"{"Sprint":"S1","Watchers":["ann","bob"]}"#)
        #expect(try record("J-2")?.attributes == #"{"Watchers":["cy"]}"#)
        let exported = try runner.run(["export", "--db", "t.sqlite", "--format", "csv", "--out", "out.csv"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let file = try CSVTestReader(path: directory.path("out.csv"))
        #expect(
            Array(file.header.drop { $0 != "label_source" }.dropFirst())
                == ["Sprint", "Watchers:json", "is_public:json", "metric_set:json", "odd:json:json", "organization_id:json", "url",
                    "via:json"])
        let row = try #require(file.rows.first { $0["id"] == "35436" })
        #expect(row["organization_id:json"] == "509974" && row["is_public:json"] == "true" && row["odd:json:json"] == #""plain""#)
        #expect(file.rows.first { $0["id"] == "J-1" }?["Watchers:json"] == #"["ann","bob"]"#)

        let again = try runner.run(["import", directory.path("out.csv"), "--db", "t.sqlite", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try json(again.stdout)["unchanged"] as? Int == 3, "\(again.stdout)")
        #expect(try runner.run(["import", directory.path("out.csv"), "--db", "fresh.sqlite"]).status == 0)
        for id in ["J-1", "J-2", "35436"] {
            let original = try #require(try record(id)?.attributes)
            #expect(try record(id, db: "fresh.sqlite")?.attributes == original, "\(id)")
        }
    }

    /// A JSON import orders a ticket's keys as Foundation does (case ignored, numbers by value), a CSV import by
    /// code point: the same keys and values read back from the other format are the same ticket, unchanged, in
    /// a store holding either order, and its text stays as it was (it read as updated, the text rewritten).
    @Test func attributesInTheOtherFormatsKeyOrderAreUnchanged() throws {
        let line = #"{"id": "J-1", "title": "Link", "created_at": "2026-11-20T10:00:00Z", "links": {"self": "https://x.test/a", "a10": 1}, "Zeta": "z", "u_f10": 1, "u_f2": "x"}"#
        let input = try directory.write("in.jsonl", line + "\n")
        #expect(try runner.run(["import", input, "--db", "t.sqlite"]).status == 0)
        let stored = try #require(try record("J-1")?.attributes)
        #expect(stored == #"{"links":{"a10":1,"self":"https://x.test/a"},"u_f2":"x","u_f10":1,"Zeta":"z"}"#)
        #expect(try runner.run(["export", "--db", "t.sqlite", "--format", "csv", "--out", "out.csv"]).status == 0)
        func unchanged(_ file: String, _ db: String) throws -> Bool {
            let result = try runner.run(["import", directory.path(file), "--db", db, "--json"])
            return try json(result.stdout)["unchanged"] as? Int == 1
        }
        #expect(try unchanged("out.csv", "t.sqlite"))
        #expect(try record("J-1")?.attributes == stored)
        // A new store made from the CSV holds the CSV's order; the JSON reads back unchanged into it.
        #expect(try runner.run(["import", directory.path("out.csv"), "--db", "fresh.sqlite"]).status == 0)
        let fromCSV = try #require(try record("J-1", db: "fresh.sqlite")?.attributes)
        #expect(fromCSV == #"{"Zeta":"z","links":{"a10":1,"self":"https://x.test/a"},"u_f10":1,"u_f2":"x"}"#)
        #expect(try unchanged("in.jsonl", "fresh.sqlite"))
        #expect(try runner.run(["export", "--db", "fresh.sqlite", "--format", "jsonl", "--out", "fresh.jsonl"]).status == 0)
        #expect(try unchanged("fresh.jsonl", "fresh.sqlite"))
        #expect(try record("J-1", db: "fresh.sqlite")?.attributes == fromCSV)
    }

    /// Both at once: tickets imported from one format (attributes in its key order), labeled by the local classifier
    /// since, read back from the other format's export (the other key order, and the labels) are unchanged, and
    /// keep the labels' source.
    @Test(arguments: ["jsonl", "csv"])
    func anExportInTheOtherFormatOfTicketsLabeledSinceReadsBackUnchanged(_ original: String) throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let input: String
        if original == "jsonl" {
            let lines = (1...3).map { n in
                #"{"id": "J-\#(n)", "title": "Refund for invoice \#(n)", "description": "I was charged twice.", "created_at": "2026-11-20T10:00:00Z", "Zeta": "z", "u_f10": \#(n), "u_f2": "x"}"#
            }
            input = try directory.write("in.jsonl", lines.joined(separator: "\n") + "\n")
        } else {
            let lines = (1...3).map { n in "J-\(n),Refund for invoice \(n),I was charged twice.,2026-11-20T10:00:00Z,z,\(n),x" }
            input = try directory.write("in.csv", (["id,title,description,created_at,Zeta,u_f10,u_f2"] + lines).joined(separator: "\n") + "\n")
        }
        #expect(try runner.run(["import", input, "--db", "t.sqlite"]).status == 0)
        #expect(try runner.run(["classify", "--db", "t.sqlite", "--provider", "local"]).status == 0)
        let sources = "SELECT external_id, category_source, priority_source, revision FROM tickets WHERE external_id LIKE 'J-%' ORDER BY 1"
        let before = try DatabaseQueue(path: directory.path("t.sqlite")).read { try Row.fetchAll($0, sql: sources) }
        #expect(before.count == 3 && before.allSatisfy { $0[1] == "local" && $0[2] == "local" }, "\(before)")
        let other = original == "jsonl" ? "csv" : "jsonl"
        #expect(try runner.run(["export", "--db", "t.sqlite", "--format", other, "--out", "out.\(other)"]).status == 0)
        let again = try runner.run(["import", "out.\(other)", "--db", "t.sqlite", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let summary = try json(again.stdout)
        #expect(summary["unchanged"] as? Int == summary["read"] as? Int && summary["updated"] as? Int == 0, "\(summary)")
        let after = try DatabaseQueue(path: directory.path("t.sqlite")).read { try Row.fetchAll($0, sql: sources) }
        #expect(after == before)
    }

    /// A text attribute holding a backspace or a form feed is written alike from a CSV and a JSON import (as
    /// Foundation escapes them, `\b` and `\f`), so the ticket reads back unchanged across the two formats.
    @Test func controlCharactersInAttributesReadTheSameFromEitherFormat() throws {
        let input = try directory.write("in.csv", "id,title,created_at,note\n1,a,2026-11-20,\"page\u{0C}break\u{08}\"\n")
        #expect(try runner.run(["import", input, "--db", "t.sqlite"]).status == 0)
        #expect(try record("1")?.attributes == #"{"note":"page\fbreak\b"}"#)
        for format in ["jsonl", "csv"] {
            #expect(try runner.run(["export", "--db", "t.sqlite", "--format", format, "--out", "out.\(format)"]).status == 0)
            let again = try runner.run(["import", "out.\(format)", "--db", "t.sqlite", "--json"])
            #expect(try json(again.stdout)["unchanged"] as? Int == 1, "\(format): \(again.stdout)")
        }
    }

    /// A cell of a `NAME:json` column that is not JSON (a slip in a spreadsheet) rejects its row, naming the column,
    /// instead of storing the text where a value was.
    @Test func aJSONColumnCellThatIsNotJSONRejectsItsRow() throws {
        let input = try directory.write(
            "in.csv", "id,title,created_at,via:json\n1,a,2026-11-20,\"{\"\"channel\"\":\"\"web\"\"}\"\n2,b,2026-11-20,{channel: web\n3,c,2026-11-20,\n")
        let result = try runner.run(["import", input, "--db", "t.sqlite"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("read 3, inserted 2, updated 0, unchanged 0, rejected 1"), "\(result.stdout)")
        #expect(result.stderr.contains("in.csv:3") && result.stderr.contains("column 'via:json': not valid JSON"), "\(result.stderr)")
        #expect(try record("1")?.attributes == #"{"via":{"channel":"web"}}"#)
        #expect(try record("3")?.attributes == nil)
    }

    /// A JSON export's values go out as Foundation wrote them (keys in its order, slashes escaped in a CSV cell,
    /// not in a JSON line), so that an export made by an earlier release compares equal to one made now.
    @Test func anExportWritesJSONValuesAsFoundationDid() throws {
        let line = #"{"id": "J-1", "title": "Link", "created_at": "2026-11-20T10:00:00Z", "links": {"self": "https://x.test/a", "Next": null, "a10": 1, "a9": [true, 1.5]}, "Zeta": "z/z"}"#
        let input = try directory.write("in.jsonl", line + "\n")
        #expect(try runner.run(["import", input, "--db", "t.sqlite"]).status == 0)
        func foundation(_ value: Any, _ options: JSONSerialization.WritingOptions) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: value, options: options.union([.sortedKeys, .fragmentsAllowed])), as: UTF8.self)
        }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(try runner.run(["export", "--db", "t.sqlite", "--format", "csv", "--out", "out.csv"]).status == 0)
        let row = try #require(try CSVTestReader(path: directory.path("out.csv")).rows.first)
        #expect(row["links:json"] == (try foundation(parsed["links"]!, [])) && row["links:json"]!.contains(#"https:\/\/"#))
        #expect(row["Zeta"] == "z/z")
        #expect(try runner.run(["export", "--db", "t.sqlite", "--format", "jsonl", "--out", "out.jsonl"]).status == 0)
        let exported = try String(contentsOfFile: directory.path("out.jsonl"), encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
        #expect(exported == (try foundation(object, [.withoutEscapingSlashes])) + "\n")
        #expect(exported.contains(#""links":{"a9":[true,1.5],"a10":1,"Next":null,"self":"https://x.test/a"}"#))
    }

    @Test func zendeskCSVGivesTheFirstReplyAsMinutes() throws {
        let input = try directory.write(
            "zendesk.csv",
            """
            Id,Subject,Status,Priority,Created at,Solved at,Assignee,Group,Via,Tags,Satisfaction Score,First reply time in minutes,Requester
            101,Printer,Solved,Normal,2026-11-20 10:00:00,2026-11-20 12:00:00,Kim,Support,Mail,printer hardware,Offered,45,ann@example.com

            """)
        let result = try runner.run(["import", input, "--mapping", "zendesk", "--db", "t.sqlite"])
        #expect(result.status == 0, "\(result.stderr)")
        let ticket = try #require(try record("101"))
        #expect(ticket.channel == "email" && ticket.satisfaction == nil && ticket.assignee == "Kim")
        #expect(TicketRecord.decodeTags(ticket.tags) == ["printer", "hardware"])
        #expect(ticket.firstResponseAt == ticket.createdAt + 2700)
        #expect(ticket.attributes == #"{"Requester":"ann@example.com"}"#)
    }

    @Test func servicenowAndHubspotPresetsReadTheirExports() throws {
        let snow = try directory.write(
            "incidents.csv",
            """
            number,short_description,description,category,priority,state,opened_at,resolved_at,assigned_to,assignment_group,contact_type
            INC0010001,VPN drops,Every hour,network,2 - High,Resolved,2026-11-20 08:00:00,2026-11-20 18:00:00,Beth Anglin,Network,phone

            """)
        #expect(try runner.run(["import", snow, "--mapping", "servicenow", "--db", "t.sqlite"]).status == 0)
        let incident = try #require(try record("INC0010001"))
        #expect(incident.category == .technical && incident.priority == .high && incident.status == .resolved)
        #expect(incident.assignee == "Beth Anglin" && incident.group == "Network" && incident.channel == "phone")
        let hubspot = try directory.write(
            "hubspot.csv",
            """
            Ticket ID,Ticket name,Ticket description,Ticket status,Priority,Create date,Close date,Ticket owner,Source,Category
            9001,Invoice missing,Where is it?,Waiting on contact,Urgent,2026-11-20 08:00,,Dana,Email,Billing issue

            """)
        let result = try runner.run(["import", hubspot, "--mapping", "hubspot", "--db", "t.sqlite"])
        #expect(result.status == 0, "\(result.stderr)")
        let ticket = try #require(try record("9001"))
        #expect(ticket.category == .billing && ticket.priority == .critical && ticket.status == .inProgress)
        #expect(ticket.assignee == "Dana" && ticket.channel == "email")
    }
}
