import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel

/// What a user sees when they mistype a command or read the help.
@Suite struct UsageCLITests {
    let directory: TemporaryDirectory
    let runner: CommandRunner

    init() throws {
        directory = try TemporaryDirectory()
        runner = CommandRunner(workingDirectory: directory.url)
    }

    @Test(arguments: [
        (["imprt", "x.csv"], "unknown command 'imprt'; did you mean 'import'?"),
        (["repot", "--period", "2026-11"], "unknown command 'repot'; did you mean 'report'?"),
        (["help", "imprt"], "unknown command 'imprt'; did you mean 'import'?"),
        (["batches", "lsit"], "unknown command 'batches lsit'; did you mean 'batches list'?"),
        (["shedule", "jobs"], "unknown command 'shedule'; did you mean 'schedule'?"),
        (["xyzzy"], "unknown command 'xyzzy' (see 'ticketjobs --help')"),
    ])
    func aMistypedCommandIsNamedWithTheClosestOne(arguments: [String], message: String) throws {
        let result = try runner.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func helpOfARealCommandStillWorks() throws {
        let result = try runner.run(["help", "import"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: ticketjobs import"))
    }

    @Test func helpSaysEachDefaultOnceAndListsOnlyWhatIsAccepted() throws {
        let report = try runner.run(["report", "--help"]).stdout
        #expect(!report.contains("(default UTC). (default: UTC)") && report.contains("(default: UTC)"))
        let importHelp = try runner.run(["import", "--help"]).stdout
        #expect(importHelp.components(separatedBy: "trace, debug").count == 2, "\(importHelp)")
        let evaluate = try runner.run(["evaluate", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(evaluate.contains("local, anthropic, or both as local,anthropic") && !evaluate.contains("auto"), "\(evaluate)")
        for subcommand in ["status", "cancel"] {
            #expect(!(try runner.run(["batches", subcommand, "--help"]).stdout.contains("--poll-interval")))
        }
    }

    @Test(arguments: [
        (["history", "--limit", "-1"], "--limit must be 1 or more"),
        (["classify", "--limit", "-1"], "--limit must be 0 or more"),
        (["classify", "--rpm", "1e300"], "--rpm must be at most 1000000000"),
        (["classify", "--concurrency", "0"], "--concurrency must be between 1 and 512"),
        (["import", "x.csv", "--max-rejects", "-2"], "--max-rejects must be 0 or more"),
        (["batches", "collect", "--poll-interval", "1e300"], "--poll-interval must be more than 0 and at most 86400 seconds"),
        (["import", "x.csv", "--rejects", "-"], "--rejects names a file or a folder, not standard output"),
        (["review", "import", "r.csv", "--rejects", "-"], "--rejects names a file or a folder, not standard output"),
    ])
    func anAbsurdValueSaysWhatIsAllowed(arguments: [String], message: String) throws {
        let result = try runner.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// `--delimiter` is parsed by the option itself: a mistyped one names every accepted value, by name (a tab
    /// cannot be shown), in import and in mapping draft alike, before any file is looked at.
    @Test(arguments: [["import", "x.csv"], ["mapping", "draft", "x.csv"]])
    func aMistypedDelimiterListsTheAcceptedOnes(arguments: [String]) throws {
        let result = try runner.run(arguments + ["--delimiter", "colon"])
        #expect(result.status == 64)
        #expect(
            result.stderr.contains("The value 'colon' is invalid for '--delimiter <delimiter>'. Please provide one of 'auto', 'comma', 'semicolon', 'tab' or 'pipe'."),
            "\(result.stderr)")
        let help = try runner.run(arguments.dropLast() + ["--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("(values: auto, comma, semicolon, tab, pipe; default: auto)"), "\(help)")
    }

    /// The characters work as the names do: `;` and `semicolon` read the same file the same way.
    @Test func aDelimiterIsTakenAsACharacterOrAName() throws {
        let file = try directory.write("semi.csv", "id;title;description;created_at\nS-1;Refund;Charged twice;2026-11-02T10:00:00Z\n")
        for (value, database) in [(";", "a.sqlite"), ("semicolon", "b.sqlite")] {
            let result = try runner.run(["import", file, "--delimiter", value, "--db", database, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(summary["inserted"] as? Int == 1, "\(result.stdout)")
        }
        // Told the wrong one, the header is one column that names none of ours.
        #expect(try runner.run(["import", file, "--delimiter", "pipe", "--db", "c.sqlite"]).status != 0)
    }

    /// `--out -` reads as "stdout" by convention; for report and evaluate it named a folder "-", made silently.
    @Test(arguments: [["report", "--period", "2026-11", "--out", "-"], ["evaluate", "--fixtures", "f.csv", "--out", "-"]])
    func outAsStandardOutputPointsAtJSON(arguments: [String]) throws {
        let result = try runner.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--out names a folder; --json prints the JSON report on stdout"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("-")))
    }

    /// `--out reports/2026-11.json` made a folder named `2026-11.json` and wrote the reports into it.
    @Test(arguments: [
        ["report", "--period", "2026-11", "--out", "r/2026-11.json"], ["report", "--period", "2026-11", "--out", "weekly.HTML"],
        ["evaluate", "--fixtures", "f.csv", "--out", "r/evaluation.html"],
    ])
    func outAsAReportsFileNameIsRefusedNamingItsFolder(arguments: [String]) throws {
        let result = try runner.run(arguments)
        #expect(result.status == 64)
        let out = arguments.last!
        #expect(result.stderr.contains("--out: '\(out)' looks like a file's name, but it names the folder the reports are written into"), "\(result.stderr)")
        #expect(result.stderr.contains("give the folder, \(out.hasPrefix("r/") ? "r" : ".")"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).isEmpty)
    }

    /// `evaluate FILE` reads like `import FILE`; it demanded `--fixtures FILE` and named only that when it was
    /// missing. Either is taken; two different files, or none, are refused before anything runs.
    @Test func evaluateTakesItsLabeledExportAsAnArgument() throws {
        let missing = try runner.run(["evaluate"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("Missing expected argument '<file>' (a labeled export, or --fixtures <file>)"), "\(missing.stderr)")
        let two = try runner.run(["evaluate", "a.csv", "--fixtures", "b.csv"])
        #expect(two.status == 64)
        #expect(two.stderr.contains("two labeled exports given ('a.csv' and --fixtures 'b.csv'): give one"), "\(two.stderr)")
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "e.sqlite"]).status == 0)
        for arguments in [["evaluate", Fixtures.path("evaluation.csv")], ["evaluate", "--fixtures", Fixtures.path("evaluation.csv")]] {
            let result = try runner.run(arguments + ["--train", Fixtures.path("training.csv"), "--db", "e.sqlite", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((report["fixtures"] as? String)?.hasSuffix("evaluation.csv") == true, "\(report.keys.sorted())")
        }
    }

    @Test func reportHelpListsEveryNamedPeriod() throws {
        let help = try runner.run(["report", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for name in ["today", "yesterday", "this-week", "last-week", "week-to-date", "this-month", "last-month", "this-year", "last-year"] {
            #expect(help.contains(name), "\(name)")
        }
    }

    /// The version the build was given (`dev` for the tests' plain build) is what --version and every JSON
    /// summary say.
    @Test func theVersionIsTheBuildsEverywhere() throws {
        let version = try runner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == BuildInfo.version + "\n")
        let imported = try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite", "--json"])
        #expect(try JSONSummary.parse(imported.stdout)["ticketjobs_version"] as? String == BuildInfo.version)
        let history = try runner.run(["history", "--db", "t.sqlite", "--json"])
        #expect(history.stdout.hasPrefix("["))
    }

    /// One convention: a command's summary on stdout, logs on stderr (classify, evaluate and batches used to
    /// print theirs on stderr).
    @Test func summariesGoToStdoutAndLogsToStderr() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let classified = try runner.run(["classify", "--db", "t.sqlite"])
        #expect(classified.status == 0)
        #expect(classified.stdout.hasPrefix("classified with local"), "\(classified.stdout)")
        #expect(!classified.stderr.contains("classified with local"))
        #expect(classified.stderr.contains("classification finished"))
        let evaluated = try runner.run([
            "evaluate", "--db", "t.sqlite", "--fixtures", Fixtures.path("evaluation.csv"), "--train", Fixtures.path("training.csv"),
            "--out", "reports",
        ])
        #expect(evaluated.status == 0)
        #expect(evaluated.stdout.hasPrefix("evaluated local-linear-svm-v2 on 320 tickets"), "\(evaluated.stdout)")
        #expect(evaluated.stdout.contains("reports/evaluation-local-"))
    }

    /// With `--json`, a command that fails before printing its summary prints why as one JSON object on stdout (a
    /// script has something to read), beside the message on stderr; without it, stdout stays empty.
    @Test(arguments: [
        (["report", "--db", "nope/t.sqlite", "--period", "2026-11"], "no database at nope/t.sqlite in {cwd}; no folder nope (import creates one; --db or TICKETJOBS_DB chooses which)", Int32(1)),
        (["import", "nope.csv", "--db", "t.sqlite"], "nope.csv: cannot read: No such file or directory", 1),
        (["taxonomy", "show", "--db", "nope/t.sqlite"], "no database at nope/t.sqlite in {cwd}; no folder nope (import creates one; --db or TICKETJOBS_DB chooses which)", 1),
        (["validate", "."], "no job files (*.yml, *.yaml) in .", 1),
        (["suggest", "--db", "nope/t.sqlite", "--title", "", "--description", ""], "the ticket has neither a title nor a description", 64),
        // Usage errors too: ArgumentParser's message, or ours for a command it does not know.
        (["report", "--db", "t.sqlite"], "Missing expected argument '--period <period>'", 64),
        (["report", "--db", "t.sqlite", "--period", "2026-11", "--out", ""], "--out is empty (an unset shell variable?)", 64),
        (["reprot", "--period", "2026-11"], "unknown command 'reprot'; did you mean 'report'? (see 'ticketjobs --help')", 64),
    ])
    func aFailureWithJSONSaysWhyAsJSON(arguments: [String], error: String, status: Int32) throws {
        let error = error.replacingOccurrences(of: "{cwd}", with: directory.url.path)
        let plain = try runner.run(arguments)
        #expect(plain.status == status && plain.stdout.isEmpty, "\(plain.stdout)")
        #expect(plain.stderr.contains(error), "\(plain.stderr)")
        let result = try runner.run(arguments + ["--json"])
        #expect(result.status == status)
        #expect(result.stdout.split(separator: "\n").count == 1, "\(result.stdout)")
        let object = try JSONSummary.parse(result.stdout)
        #expect(object["error"] as? String == error, "\(result.stdout)")
        #expect(object["exit_status"] as? Int == Int(status))
        #expect(object["ticketjobs_version"] is String)
        #expect(result.stderr.contains(error), "\(result.stderr)")
    }

    /// A typo in a path (the file's name, its folder's, a job file's) says what was meant.
    @Test func aMistypedPathSaysWhatWasMeant() throws {
        let typo = try runner.run(["import", Fixtures.path("tickets.cvs"), "--db", "t.sqlite"])
        #expect(typo.status == 1 && typo.stderr.contains("tickets.cvs: cannot read: No such file or directory; did you mean \(Fixtures.path("tickets.csv"))?"), "\(typo.stderr)")
        let folder = try runner.run(["import", "fixturs/tickets.csv", "--db", "t.sqlite"])
        #expect(folder.stderr.contains("fixturs/tickets.csv: cannot read: No such file or directory; no folder fixturs"), "\(folder.stderr)")
        let job = try runner.run(["run", Fixtures.root.appendingPathComponent("jobs/nigthly-backfill.yml").path, "--db", "t.sqlite"])
        #expect(job.status == 1 && job.stderr.contains("did you mean \(Fixtures.root.appendingPathComponent("jobs/nightly-backfill.yml").path)?"), "\(job.stderr)")
        // A folder is no export: its files are what to name.
        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("exports"), withIntermediateDirectories: false)
        let folderGiven = try runner.run(["import", "exports", "--db", "t.sqlite"])
        #expect(folderGiven.status == 1 && folderGiven.stderr.contains("exports: cannot read: is a folder; name the files in it (exports/*.csv, say)"), "\(folderGiven.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
    }

    /// An empty path (what `--db "$DB"` makes of an unset variable in a cron line) is a usage error naming the
    /// option, before anything is read or written: not a file called "", nor the current folder.
    @Test(arguments: [
        (["import", "", "--db", "t.sqlite"], "a file to import is empty"),
        (["import", Fixtures.path("tickets.csv"), "--db", ""], "--db is empty"),
        (["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite", "--rejects", ""], "--rejects is empty"),
        (["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite", "--mapping", ""], "--mapping is empty"),
        (["report", "--period", "2026-11", "--db", "t.sqlite", "--out", ""], "--out is empty"),
        (["export", "--db", "t.sqlite", "--out", ""], "--out is empty"),
        (["run", "", "--db", "t.sqlite"], "the job file is empty"),
        (["schedule", "", "--db", "t.sqlite"], "the job folder is empty"),
        (["validate", ""], "a job file is empty"),
        (["classify", "--db", "t.sqlite", "--taxonomy", ""], "--taxonomy is empty"),
        (["evaluate", "", "--db", "t.sqlite"], "the labeled export is empty"),
        (["evaluate", Fixtures.path("evaluation.csv"), "--db", "t.sqlite", "--out", ""], "--out is empty"),
        (["taxonomy", "set", "", "--db", "t.sqlite"], "the taxonomy file is empty"),
        (["review", "import", "", "--db", "t.sqlite"], "the review file is empty"),
        (["review", "export", "--db", "t.sqlite", "--out", ""], "--out is empty"),
    ])
    func anEmptyPathIsAUsageError(arguments: [String], message: String) throws {
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        let result = try runner.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message + " (an unset shell variable?)"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == before)
    }

    /// `TICKETJOBS_DB=` set but empty is said as such, not taken for "tickets.sqlite here".
    @Test func anEmptyDatabaseVariableIsAUsageError() throws {
        let result = try CommandRunner(workingDirectory: directory.url, environment: ["TICKETJOBS_DB": ""])
            .run(["import", Fixtures.path("tickets.csv")])
        #expect(result.status == 64)
        #expect(result.stderr.contains("TICKETJOBS_DB is set but empty"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("tickets.sqlite")))
    }

    /// A command that printed its summary and then exits non-zero (rows rejected: 3) prints nothing more.
    @Test func aSummaryPrintedIsTheOnlyJSON() throws {
        let result = try runner.run(["import", Fixtures.path("broken/bad-date.csv"), "--db", "t.sqlite", "--json"])
        #expect(result.status == 3)
        #expect(result.stdout.split(separator: "\n").count == 1, "\(result.stdout)")
        let summary = try JSONSummary.parse(result.stdout)
        #expect(summary["rejected"] as? Int == 1 && summary["error"] == nil)
    }
}
