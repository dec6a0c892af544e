import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase

/// The mistakes people make with paths: a mistyped --db, a missing folder, a missing file among several.
@Suite struct DatabasePathCLITests {
    let directory: TemporaryDirectory
    let runner: CommandRunner

    init() throws {
        directory = try TemporaryDirectory()
        runner = CommandRunner(workingDirectory: directory.url)
    }

    var files: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory.url.path)) ?? []).sorted() }

    /// One-letter names: Foundation's path functions trapped on them (exit 132, "Illegal instruction").
    @Test func oneLetterDatabaseAndReportFolderNamesWork() throws {
        let imported = try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try runner.run(["report", "--period", "2026-W46", "--db", "t", "--out", "r"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout == "r/2026-W46.html\nr/2026-W46.json\n")
        let export = try runner.run(["export", "--db", "t", "--out", "e"])
        #expect(export.status == 0, "\(export.stderr)")
    }

    @Test(arguments: [
        ["report", "--period", "2026-W46", "--db", "tickets.sqllite", "--out", "reports"],
        ["history", "--db", "tickets.sqllite"],
        ["export", "--db", "tickets.sqllite"],
        ["classify", "--db", "tickets.sqllite"],
        ["evaluate", "--db", "tickets.sqllite", "--fixtures", "labeled.csv"],
        ["batches", "list", "--db", "tickets.sqllite"],
        ["taxonomy", "show", "--db", "tickets.sqllite"],
        ["suggest", "--db", "tickets.sqllite", "--title", "Site down"],
        ["review", "export", "--db", "tickets.sqllite"],
        ["history"],
    ])
    func aCommandThatOnlyReadsNeverCreatesADatabase(arguments: [String]) throws {
        let before = files
        let result = try runner.run(arguments)
        #expect(result.status == 1)
        let path = arguments.contains("--db") ? "tickets.sqllite" : "tickets.sqlite"
        #expect(
            result.stderr.contains("no database at \(path) in \(directory.url.path) (import creates one; --db or TICKETJOBS_DB chooses which)"),
            "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(files == before)
    }

    /// cron starts a job in the home folder: a relative --db is said with the folder it was looked for in, and a
    /// name one or two edits from a database there says which was meant.
    @Test func aMissingDatabaseSaysWhereItWasLookedForAndWhatWasMeant() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "tickets.sqlite"]).status == 0)
        let typo = try runner.run(["history", "--db", "tickets.sqlit"])
        #expect(typo.status == 1)
        #expect(
            typo.stderr.contains("no database at tickets.sqlit in \(directory.url.path); did you mean tickets.sqlite? (import creates one"),
            "\(typo.stderr)")
        let absolute = try runner.run(["history", "--db", directory.path("tickets.sqlit")])
        #expect(absolute.stderr.contains("no database at \(directory.path("tickets.sqlit")); did you mean \(directory.path("tickets.sqlite"))? (import"), "\(absolute.stderr)")
        let gone = directory.path("gone/t.sqlite")
        let elsewhere = try CommandRunner(workingDirectory: directory.url, environment: ["TICKETJOBS_DB": gone]).run(["history"])
        #expect(elsewhere.stderr.contains("no database at \(gone); no folder \(directory.path("gone")) (import"), "\(elsewhere.stderr)")
    }

    @Test func aMissingDirectoryForTheDatabaseIsNamedAndNotCreated() throws {
        let result = try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "no/such/dir/x.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("directory no/such/dir does not exist"), "\(result.stderr)")
        #expect(files.isEmpty)
    }

    @Test func aMissingInputFileStopsTheImportBeforeAnythingIsStoredOrCreated() throws {
        let result = try runner.run(["import", Fixtures.path("tickets.csv"), "nosuch.csv", "--db", "t.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nosuch.csv: cannot read: No such file or directory"), "\(result.stderr)")
        #expect(files.isEmpty)
    }

    /// A later file's header is checked before anything is stored; one that can only be read when its turn comes
    /// (standard input) stops the run after the earlier files, whose summary comes first.
    @Test func anImportStoppedByALaterFileSaysWhatItStoredFirst() throws {
        let checked = try runner.run([
            "import", Fixtures.path("tickets.csv"), Fixtures.path("broken/no-header.csv"), "--db", "t.sqlite",
        ])
        #expect(checked.status == 1 && checked.stdout.isEmpty)
        #expect(checked.stderr.contains("no-header.csv: no header row"))
        #expect(files.isEmpty)
        let result = try runner.run(["import", Fixtures.path("tickets.csv"), "-", "--format", "csv", "--db", "t.sqlite"], stdin: "")
        #expect(result.status == 1)
        #expect(result.stdout.contains("read 300, inserted 300"), "\(result.stdout)")
        #expect(result.stderr.contains("no header row"), "\(result.stderr)")
    }

    @Test func aRunWithoutAnImportStepNeedsTheDatabase() throws {
        let job = try directory.write("report.yml", "version: 1\nname: r\nsteps:\n  - report: {period: 2026-11, out: reports}\n")
        let result = try runner.run(["run", job, "--db", "t.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no database at t.sqlite"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
    }

    @Test func scheduleWithNothingToScheduleExitsAndSaysWhy() throws {
        let missing = try runner.run(["schedule", "nosuchdir"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no job folder at nosuchdir"), "\(missing.stderr)")
        _ = try directory.write("jobs/manual.yml", "version: 1\nname: manual\nsteps:\n  - report: {period: 2026-11}\n")
        let unscheduled = try runner.run(["schedule", "jobs"])
        #expect(unscheduled.status == 1)
        #expect(unscheduled.stderr.contains("no valid job with a 'schedule:' in jobs (looked at manual.yml)"), "\(unscheduled.stderr)")
        // A job file where the folder goes: the folder meant, and what runs the one job.
        let file = try runner.run(["schedule", "jobs/manual.yml"])
        #expect(file.status == 1)
        #expect(
            file.stderr.contains("jobs/manual.yml is not a folder: schedule runs the *.yml and *.yaml job files of a folder (jobs, say); "
                + "'ticketjobs run jobs/manual.yml' runs this one job now"), "\(file.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("tickets.sqlite")))
    }

    @Test func aDatabaseFromANewerReleaseIsRefused() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let queue = try DatabaseQueue(path: directory.path("t.sqlite"))
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-later')") }
        try queue.close()
        let result = try runner.run(["history", "--db", "t.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("has schema v99, newer than v\(TicketStore.schemaVersion)"), "\(result.stderr)")
    }

    /// Two imports into one new database at once: no migration error, and the report counts every ticket.
    @Test func twoImportsIntoANewDatabaseAtOnceKeepTheRollupsExact() throws {
        var lines = ["id,title,created_at"]
        for i in 0..<30_000 { lines.append("A-\(i),t,2026-11-\(10 + i % 10)T10:00:00Z") }
        let a = try directory.write("a.csv", lines.joined(separator: "\n") + "\n")
        let b = try directory.write("b.csv", lines.joined(separator: "\n").replacingOccurrences(of: "A-", with: "B-") + "\n")
        let results = try [a, b].map { file in
            let process = Process()
            process.executableURL = Fixtures.binary
            process.arguments = ["import", file, "--db", directory.path("t.sqlite")]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }.map { process in
            process.waitUntilExit()
            return process.terminationStatus
        }
        // Each waits for the other (or, past SQLite's busy timeout, exits 75 to be run again); never 1.
        #expect(results.allSatisfy { $0 == 0 || $0 == 75 }, "\(results)")
        let stored = try TicketStore(path: directory.path("t.sqlite"), create: false)
        let tickets = try stored.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets")! }
        let counted = try stored.writer.read { db in try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours")! }
        #expect(tickets == 30_000 * results.filter { $0 == 0 }.count)
        #expect(counted == tickets)
    }

    @Test func fileSystemErrorsNameThePathAndTheReasonInWords() throws {
        #expect(try runner.run(["import", Fixtures.path("broken/bad-date.csv"), "--db", "t.sqlite"]).status == 3)
        _ = try directory.write("afile", "x")
        let report = try runner.run(["report", "--period", "2026-11", "--db", "t.sqlite", "--out", "afile/reports"])
        #expect(report.status == 1)
        #expect(report.stderr.contains("afile: it is a file, not a folder"), "\(report.stderr)")
        let export = try runner.run(["export", "--db", "t.sqlite", "--out", "."])
        #expect(export.status == 1)
        #expect(export.stderr.contains("cannot write .: it is a folder; give a file name"), "\(export.stderr)")
        for stderr in [report.stderr, export.stderr] { #expect(!stderr.contains("NSCocoaErrorDomain")) }
    }

    @Test func rejectsAndExportsAreReadableByTheOwnerOnly() throws {
        #expect(try runner.run(["import", Fixtures.path("broken/bad-date.csv"), "--db", "t.sqlite", "--rejects", "r.csv"]).status == 3)
        #expect(try runner.run(["export", "--db", "t.sqlite", "--out", "e.csv"]).status == 0)
        for file in ["t.sqlite", "r.csv", "e.csv"] {
            let mode = try FileManager.default.attributesOfItem(atPath: directory.path(file))[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
    }
}
