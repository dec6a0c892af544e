import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketJobs

/// Each shipped job, run end to end by the built binary on the fixtures.
@Suite(.serialized) struct JobCLITests {
    let directory: TemporaryDirectory
    let runner: CommandRunner

    init() throws {
        directory = try TemporaryDirectory()
        runner = CommandRunner(workingDirectory: directory.url, environment: ["TICKETJOBS_DB": try TemporaryDirectory().path("never-used.sqlite")])
    }

    /// A copy of jobs/ whose outputs go to the test's folder instead of the repository's reports/.
    func job(_ name: String) throws -> String {
        let text = try String(contentsOfFile: Fixtures.root.appendingPathComponent("jobs/\(name)").path, encoding: .utf8)
            .replacingOccurrences(of: "../fixtures/", with: Fixtures.root.appendingPathComponent("fixtures").path + "/")
            .replacingOccurrences(of: "out: ../reports", with: "out: reports")
        return try directory.write("jobs/\(name)", text)
    }

    /// No runs yet is an answer on stdout too, not silence.
    @Test func historyWithNoRunsSaysSo() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let none = try runner.run(["history", "--db", "t.sqlite"])
        #expect(none.status == 0 && none.stdout == "no job runs recorded\n", "\(none.stdout)")
        #expect(try runner.run(["history", "--db", "t.sqlite", "--job", "nightly"]).stdout == "no runs of job nightly recorded\n")
        #expect(try runner.run(["history", "--db", "t.sqlite", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test(arguments: ["demo.yml", "nightly-backfill.yml", "weekly-report.yml", "evaluate.yml"])
    func shippedJobRunsOnTheFixtures(name: String) throws {
        // A job without an import step needs the database to exist: one made by an import.
        if name == "weekly-report.yml" || name == "evaluate.yml" {
            #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        }
        let result = try runner.run(["run", try job(name), "--db", "t.sqlite", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "succeeded")
        let history = try runner.run(["history", "--db", "t.sqlite", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(runs.first?["status"] as? String == "succeeded")
    }

    /// A job run by hand on a terminal shows its steps' progress, as the commands do (util-linux's `script` gives
    /// it one), cleared before the steps' lines; piped, or from cron, stderr has none.
    @Test func aJobOnATerminalShowsItsStepsProgress() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "util-linux's script gives the command a terminal")
        let path = try job("demo.yml")
        let terminal = try runner.run(["-qec", "'\(Fixtures.binary.path)' run '\(path)' --db t.sqlite", "/dev/null"], executable: script)
        #expect(terminal.status == 0, "\(terminal.stdout)")
        for shown in ["step 1 of 3: import", "tickets.csv: 300 rows", "of 0.1 MB", "step 2 of 3: classify", "classifying: 124/124", "step 3 of 3: report"] {
            #expect(terminal.stdout.contains(shown), "\(shown): \(terminal.stdout)")
        }
        // The steps' lines start lines of their own: no progress is left before them.
        let line = terminal.stdout.split(whereSeparator: \.isNewline).first { $0.contains("import: succeeded") } ?? ""
        #expect(line.hasPrefix("import: succeeded") || line.hasPrefix("\u{1B}[2Kimport: succeeded"), "\(line)")
        // Said once: the info lines that repeat the progress and the summary are the structured log's.
        for repeated in ["job started", "step finished", "classification started", "classification finished", "job finished"] {
            #expect(!terminal.stdout.contains(repeated), "\(repeated): \(terminal.stdout)")
        }
        #expect(terminal.stdout.contains("notice: no API key"), "\(terminal.stdout)")
        let detailed = try runner.run(
            ["-qec", "'\(Fixtures.binary.path)' run '\(path)' --db t.sqlite --log-level debug", "/dev/null"], executable: script)
        #expect(detailed.stdout.contains("info: step finished") && detailed.stdout.contains("info: job finished"), "\(detailed.stdout)")
        let piped = try runner.run(["run", path, "--db", "piped.sqlite"])
        #expect(piped.status == 0 && !piped.stderr.contains("step 1 of 3") && !piped.stderr.contains("\u{1B}"), "\(piped.stderr)")
        #expect(piped.stderr.contains(#""message":"step finished""#) && piped.stderr.contains(#""message":"classification finished""#))
    }

    /// `history --steps` repeats under each run the lines `run` printed for its steps: what last night's run did,
    /// without the JSON.
    @Test func historyWithStepsShowsWhatEachStepDid() throws {
        let path = try job("demo.yml")
        let run = try runner.run(["run", path, "--db", "t.sqlite"])
        #expect(run.status == 0, "\(run.stderr)")
        let steps = run.stdout.split(separator: "\n").filter { !$0.hasPrefix("job ") }.map { "  \($0)" }
        #expect(steps.count == 3 && steps[0].hasPrefix("  import: succeeded (files=1 inserted=300"), "\(steps)")
        let history = try runner.run(["history", "--db", "t.sqlite", "--steps"])
        let lines = history.stdout.split(separator: "\n").map(String.init)
        #expect(history.status == 0 && lines.count == 4, "\(history.stdout)")
        #expect(lines.first?.hasPrefix("#1 demo manual ") == true && lines.first?.hasSuffix(" succeeded") == true)
        #expect(Array(lines.dropFirst()) == steps, "\(history.stdout)")
        // Without the flag, one line a run.
        #expect(try runner.run(["history", "--db", "t.sqlite"]).stdout.split(separator: "\n").count == 1)
    }

    /// A job's name mistyped would read as a job never run: the recorded name it is near is offered.
    @Test func historyOfAMistypedJobSaysWhichWasMeant() throws {
        #expect(try runner.run(["run", try job("demo.yml"), "--db", "t.sqlite"]).status == 0)
        #expect(try runner.run(["history", "--db", "t.sqlite", "--job", "dmeo"]).stdout == "no runs of job dmeo recorded; did you mean demo?\n")
        #expect(try runner.run(["history", "--db", "t.sqlite", "--job", "weekly"]).stdout == "no runs of job weekly recorded\n")
    }

    @Test func demoImportsClassifiesAndReportsAndARerunSkipsTheImportedFile() throws {
        let path = try job("demo.yml")
        _ = try runner.run(["run", path, "--db", "t.sqlite"])
        #expect(FileManager.default.fileExists(atPath: directory.path("jobs/reports/2026-10-12..2026-11-22.html")))
        let nightly = try job("nightly-backfill.yml")
        let again = try runner.run(["run", nightly, "--db", "t.sqlite", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        let details = try #require(steps.first?["details"] as? [String: String])
        #expect(details["unchanged"] == "300" || details["skipped_files"] == "1")
    }

    /// A job's export resolves against the job's folder; one that lands on the database fails, the store intact.
    @Test func anExportStepOverTheDatabaseFails() throws {
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let path = try directory.write("jobs/export.yml", """
            version: 1
            steps:
              - export: {out: ../t.sqlite}
            """)
        let result = try runner.run(["run", path, "--db", "t.sqlite"])
        #expect(result.status != 0)
        #expect((result.stdout + result.stderr).contains("is the database"), "\(result.stdout)\(result.stderr)")
        let stored = try DatabaseQueue(path: directory.path("t.sqlite")).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets")
        }
        #expect(stored == 300)
    }

    @Test func aFailingStepStopsTheJobUnlessItMayFail() throws {
        let failing = try directory.write("jobs/failing.yml", """
            version: 1
            steps:
              - import: {paths: [missing.csv]}
              - report: {period: 2026-11, out: reports}
            """)
        let result = try runner.run(["run", failing, "--db", "t.sqlite"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("import: failed"))
        #expect(result.stdout.contains("report: skipped"))
        let tolerant = try directory.write("jobs/tolerant.yml", """
            version: 1
            steps:
              - import: {paths: [missing.csv]}
                continue_on_error: true
              - report: {period: 2026-11, out: reports}
            """)
        let second = try runner.run(["run", tolerant, "--db", "t.sqlite"])
        #expect(second.stdout.contains("report: succeeded"))
        let history = try runner.run(["history", "--db", "t.sqlite"])
        #expect(history.stdout.contains("failed"))
    }

    @Test func rejectedRowsExitThree() throws {
        let path = try directory.write("jobs/rejects.yml", "version: 1\nsteps:\n  - import: {paths: [\(Fixtures.path("broken/bad-date.csv"))]}\n")
        let result = try runner.run(["run", path, "--db", "t.sqlite"])
        #expect(result.status == 3)
    }

    @Test func aSecondRunWhileTheLockIsHeldExitsSeventyFive() throws {
        let path = try job("weekly-report.yml")
        let lockPath = directory.path(".ticketjobs-weekly-report.lock")
        guard case .acquired(let lock) = try ProcessLock.acquire(path: lockPath, now: Date()) else {
            Issue.record("could not take the lock")
            return
        }
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let result = try runner.run(["run", path, "--db", "t.sqlite"])
        #expect(result.status == 75)
        #expect(result.stderr.contains("already running (pid \(getpid()) since"))
        withExtendedLifetime(lock) {}
    }

    @Test func validateNamesTheFileLineAndKey() throws {
        let bad = try directory.write("jobs/bad.yml", "version: 1\nsteps:\n  - import: {paths: [a], colour: red}\n")
        let result = try runner.run(["validate", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(bad):3: 'steps[0].import.colour'"))
    }

    /// A folder stands for its job files, as `schedule` reads them; two jobs of one name fail it.
    @Test func validateChecksAFolderAndTwoJobsOfOneName() throws {
        let weekly = "version: 1\nname: weekly\nsteps:\n  - report: {period: last-week}\n"
        try directory.write("jobs/weekly.yml", weekly)
        let all = try runner.run(["validate", "jobs/"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout == "jobs/weekly.yml: ok (weekly, 1 step)\n")
        try directory.write("jobs/weekly-copy.yaml", weekly)
        let twice = try runner.run(["validate", "jobs"])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("jobs/weekly.yml: 'name': 'weekly' is already the name of jobs/weekly-copy.yaml"), "\(twice.stderr)")
        try FileManager.default.createDirectory(atPath: directory.path("none"), withIntermediateDirectories: false)
        let empty = try runner.run(["validate", "none"])
        #expect(empty.status == 1 && empty.stderr.contains("no job files (*.yml, *.yaml) in none"))
        let json = try runner.run(["validate", "jobs", "--json"])
        #expect(json.status == 1)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(summary["valid"] as? Bool == false)
        let files = try #require(summary["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == ["jobs/weekly-copy.yaml", "jobs/weekly.yml"])
        #expect(files[0]["valid"] as? Bool == true && files[0]["steps"] as? Int == 1 && files[0]["schedule"] is NSNull)
        #expect(files[1]["valid"] as? Bool == false && (files[1]["error"] as? String)?.contains("already the name") == true)
        #expect(json.stderr.isEmpty, "\(json.stderr)")
    }

    /// When a scheduled job runs next, on its own time zone's clock: what `schedule` will do, seen before.
    @Test func validateSaysWhenAScheduledJobRunsNext() throws {
        let weekly = try directory.write(
            "jobs/weekly.yml",
            "version: 1\nname: weekly\nschedule: \"0 6 * * mon\"\ntimezone: America/New_York\nsteps:\n  - report: {period: last-week}\n")
        let before = Date()
        let result = try runner.run(["validate", weekly, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((summary["files"] as? [[String: Any]])?.first)
        #expect(file["timezone"] as? String == "America/New_York")
        let text = try #require(file["next_run"] as? String)
        let next = try #require(ISO8601DateFormatter().date(from: text), "\(text)")
        // A Monday at 06:00 in New York, within the week ahead, written with New York's offset.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "America/New_York"))
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: next)
        #expect(parts.weekday == 2 && parts.hour == 6 && parts.minute == 0, "\(text)")
        #expect(next > before && next.timeIntervalSince(before) <= 7 * 86_400, "\(text)")
        #expect(text.hasSuffix("T06:00:00-05:00") || text.hasSuffix("T06:00:00-04:00"), "\(text)")
        let plain = try runner.run(["validate", weekly])
        #expect(plain.stdout == "\(weekly): ok (weekly, 1 step, 0 6 * * mon in America/New_York, next run \(text))\n", "\(plain.stdout)")
    }

    /// A job without `timezone:` runs in UTC, and says so: Foundation on Linux names that zone "GMT", which
    /// `run --dry-run` printed and `schedule` logged for a zone no file named.
    @Test func aJobWithoutATimeZoneIsShownInUTC() throws {
        let nightly = try directory.write(
            "jobs/nightly.yml", "version: 1\nname: nightly\nschedule: \"0 2 * * *\"\nsteps:\n  - report: {period: last-week}\n")
        let planned = try runner.run(["run", nightly, "--dry-run"])
        #expect(planned.status == 0)
        #expect(planned.stdout.contains("scheduled 0 2 * * * (UTC)"), "\(planned.stdout)")
    }

    @Test func anImportGlobMatchingNothingWarnsAndRequireFilesFailsTheStep() throws {
        let lenient = try directory.write("jobs/lenient.yml", "version: 1\nname: lenient\nsteps:\n  - import: {paths: [incoming/*.csv]}\n")
        let validated = try runner.run(["validate", lenient])
        #expect(validated.status == 0)
        #expect(validated.stdout.contains("ok (lenient, 1 step)"), "\(validated.stdout)")
        #expect(validated.stderr.contains("lenient.yml:4: import path 'incoming/*.csv' matches no file now"), "\(validated.stderr)")
        let ran = try runner.run(["run", lenient, "--db", "t.sqlite"])
        #expect(ran.status == 0)
        #expect(ran.stdout.contains("files=0"), "\(ran.stdout)")
        #expect(ran.stderr.contains("import matches no file"), "\(ran.stderr)")

        let strict = try directory.write(
            "jobs/strict.yml", "version: 1\nname: strict\nsteps:\n  - import: {paths: [incoming/*.csv], require_files: true}\n")
        let failed = try runner.run(["run", strict, "--db", "t.sqlite"])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("import: failed"), "\(failed.stdout)")
        #expect(failed.stdout.contains("import matches no file (require_files)"), "\(failed.stdout)")
    }
}
