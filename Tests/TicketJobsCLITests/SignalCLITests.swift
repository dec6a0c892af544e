import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketDatabase
@testable import TicketJobs
@testable import TicketModel

// `Data(contentsOf:)` of the fake's http:// stats page.
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// SIGINT and SIGTERM sent to the built binary: each command stops within 5 s with 130 or 143, keeps what it
/// committed, and records the import, the calls and the job run as interrupted. A test hook pauses the import
/// after its first batch, so the signal always arrives mid-import, whatever the machine's speed.
@Suite struct SignalCLITests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// `rows` tickets in our own columns.
    /// `padding` lengthens each description by that many characters.
    static func writeBigCSV(rows: Int, to url: URL, padding: Int = 0) throws {
        var csv = "id,title,description,category,priority,status,created_at,resolved_at\n"
        let more = String(repeating: "x", count: padding)
        for i in 0..<rows {
            csv += "K-\(i),Cannot log in \(i),\"The app says \"\"error \(i % 97)\"\", after the update, again\(more)\",account,high,open,"
            csv += "2026-03-\(String(format: "%02d", 1 + i % 28))T10:00:00Z,\n"
        }
        try csv.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Makes the FIFO `fifo` in `folder` and starts writing `file` (in the same folder) into it, as a help desk's
    /// export piped from another program would be; the writer waits for a reader.
    static func feed(_ file: String, intoFIFO fifo: String, in folder: URL) throws -> Process {
        guard mkfifo(folder.appendingPathComponent(fifo).path, 0o600) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: fifo])
        }
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "cat \"$0\" > \"$1\"", file, fifo]
        writer.currentDirectoryURL = folder
        try writer.run()
        return writer
    }

    /// `nightly.yml`: an import of 25,000 tickets (`big.csv`), then, if asked, a local classification.
    func writeNightlyJob(thenClassify: Bool) throws {
        try Self.writeBigCSV(rows: 25_000, to: directory.url.appendingPathComponent("big.csv"))
        try ("version: 1\nname: nightly\nsteps:\n  - import: {paths: [big.csv]}\n" + (thenClassify ? "  - classify: {provider: local}\n" : ""))
            .write(to: directory.url.appendingPathComponent("nightly.yml"), atomically: true, encoding: .utf8)
    }

    /// Starts the binary with stdout and stderr going to files in the test's folder.
    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, URL, URL) {
        let runner = CommandRunner(workingDirectory: directory.url, environment: environment)
        let process = Process()
        process.executableURL = Fixtures.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        process.environment = runner.environment
        let out = directory.url.appendingPathComponent("out-\(UUID().uuidString)")
        let err = directory.url.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// Waits until `condition` holds or the process ends (a minute at most).
    func wait(for process: Process, until condition: () throws -> Bool) rethrows {
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline, try !condition() { Thread.sleep(forTimeInterval: 0.01) }
    }

    /// Waits until a process run with TICKETJOBS_PAUSE_IMPORT_AFTER_BATCHES has paused. A first load holds the
    /// file exclusively: its log, not the database, says so.
    func waitUntilPaused(_ process: Process, log: URL) {
        wait(for: process) { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("import paused") }
    }

    /// Sends `signal` and returns the exit status and how long the process took to end.
    func stop(_ process: Process, with signal: Int32) -> (status: Int32, seconds: Double) {
        let sent = Date()
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (process.terminationStatus, Date().timeIntervalSince(sent))
    }

    /// Signals `process`, which must still be at work (`doing`: "the import", say), and expects it to end promptly
    /// with the signal's exit status: 130 for SIGINT, 143 for SIGTERM. Returns the status it ended with.
    @discardableResult
    func expectStopped(
        _ process: Process, by signal: Int32, while doing: String, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int32 {
        #expect(process.isRunning, "\(doing) ended before the signal", sourceLocation: sourceLocation)
        let (status, seconds) = stop(process, with: signal)
        #expect(status == (signal == SIGTERM ? 143 : 130), sourceLocation: sourceLocation)
        #expect(seconds < 5, sourceLocation: sourceLocation)
        return status
    }

    /// Starts `fake-anthropic` in a process of its own (this test process's cooperative threads may all be busy
    /// with other tests) and returns it with the base URL it printed.
    func startFake(_ arguments: [String]) throws -> (Process, String) {
        let urlFile = directory.url.appendingPathComponent("fake-\(UUID().uuidString).url")
        _ = FileManager.default.createFile(atPath: urlFile.path, contents: nil)
        let fake = Process()
        fake.executableURL = Fixtures.fakeAnthropic
        fake.arguments = arguments
        fake.standardOutput = try FileHandle(forWritingTo: urlFile)
        fake.standardError = FileHandle.nullDevice
        try fake.run()
        wait(for: fake) { ((try? String(contentsOf: urlFile, encoding: .utf8)) ?? "").hasSuffix("\n") }
        return (fake, try String(contentsOf: urlFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// What the fake started by `startFake` has seen (`FakeAnthropicServer.Stats`); empty while it cannot be read.
    func fakeStats(_ baseURL: String) -> [String: Any] {
        guard let data = try? Data(contentsOf: URL(string: baseURL + "/fake/stats")!),
            let stats = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return stats
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try DatabaseQueue(path: directory.url.appendingPathComponent("t.sqlite").path).read(body)
    }

    /// `schedule` runs a missed job at start (catch-up) and, stopped, says what it ran: `--json` as an object.
    @Test func scheduleStoppedPrintsItsRunsAsJSON() throws {
        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try "version: 1\nname: weekly\nschedule: \"0 6 * * mon\"\ncatch_up: true\nsteps:\n  - report: {period: last-week, out: ../reports}\n"
            .write(to: directory.url.appendingPathComponent("jobs/weekly.yml"), atomically: true, encoding: .utf8)
        #expect(try CommandRunner(workingDirectory: directory.url).run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let (process, out, err) = try start(["schedule", "jobs", "--db", "t.sqlite", "--json"])
        wait(for: process) { ((try? String(contentsOf: err, encoding: .utf8)) ?? "").contains("scheduled job ended") }
        let (status, _) = stop(process, with: SIGTERM)
        #expect(status == 0)
        let summary = try JSONSerialization.jsonObject(with: try Data(contentsOf: out)) as? [String: Any]
        #expect(summary?["runs"] as? Int == 1, "\(String(describing: summary))")
        #expect(summary?["by_status"] as? [String: Int] == ["succeeded": 1])
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func anImportStopsAtItsNextCommitAndSaysWhatItStored(signal: Int32) throws {
        try Self.writeBigCSV(rows: 25_000, to: directory.url.appendingPathComponent("big.csv"))
        let (process, out, err) = try start(
            ["import", "big.csv", "--db", "t.sqlite", "--json"],
            environment: ["TICKETJOBS_PAUSE_IMPORT_AFTER_BATCHES": "1"])
        waitUntilPaused(process, log: err)
        expectStopped(process, by: signal, while: "the import")
        let summary = try JSONSummary.parse(try String(contentsOf: out, encoding: .utf8))
        #expect(summary["inserted"] as? Int == 10_000)
        #expect(try String(contentsOf: err, encoding: .utf8).contains("import interrupted"))
        try read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") == 10_000)
            #expect(try Row.fetchOne(db, sql: "SELECT status, inserted FROM import_files") == ["status": "interrupted", "inserted": 10_000])
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == 10_000)
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
        }
        // A re-run completes it.
        let again = try CommandRunner(workingDirectory: directory.url).run(["import", "big.csv", "--db", "t.sqlite", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try JSONSummary.parse(again.stdout)["inserted"] as? Int == 15_000)
    }

    /// A large import into a database holding tickets has the file to itself while its indexes and rollup triggers
    /// are suspended, as a first load does: another command waits for it, and exits 75 when told not to wait that
    /// long. Stopped, it rebuilds them (the rollups count every ticket, the indexes are back, the database in WAL
    /// again), the command that waited runs, and a re-run completes the import.
    @Test func aLargeImportIntoADatabaseHoldingTicketsStopsWithEverythingRebuilt() throws {
        let runner = CommandRunner(workingDirectory: directory.url)
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let held = try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets")! }
        let indexes = try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'")! }
        // Past the 8 MiB of new rows from which such a load suspends them.
        try Self.writeBigCSV(rows: 25_000, to: directory.url.appendingPathComponent("big.csv"), padding: 400)
        let (process, out, err) = try start(
            ["import", "big.csv", "--db", "t.sqlite", "--json"], environment: ["TICKETJOBS_PAUSE_IMPORT_AFTER_BATCHES": "1"])
        waitUntilPaused(process, log: err)
        #expect(try String(contentsOf: err, encoding: .utf8).contains("a large import into a database holding tickets"))
        let impatient = CommandRunner(workingDirectory: directory.url, environment: ["TICKETJOBS_WAIT_FOR_IMPORT": "0"])
        let refused = try impatient.run(["history", "--db", "t.sqlite"])
        #expect(refused.status == 75, "\(refused.stderr)")
        // Told who has it.
        #expect(refused.stderr.contains("(waited 0 s): an import (pid \(process.processIdentifier), since "), "\(refused.stderr)")
        // By default a command waits for the load to end, saying so, and then runs.
        let (waiting, _, waitingLog) = try start(["report", "--db", "t.sqlite", "--period", "2026-11", "--out", "waited"])
        wait(for: waiting) {
            ((try? String(contentsOf: waitingLog, encoding: .utf8)) ?? "").contains("waiting for an import that has the database to itself")
        }
        #expect(waiting.isRunning, "\((try? String(contentsOf: waitingLog, encoding: .utf8)) ?? "")")
        expectStopped(process, by: SIGTERM, while: "the import")
        waiting.waitUntilExit()
        #expect(waiting.terminationStatus == 0, "\((try? String(contentsOf: waitingLog, encoding: .utf8)) ?? "")")
        #expect(FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("waited/2026-11.json").path))
        #expect(try JSONSummary.parse(try String(contentsOf: out, encoding: .utf8))["inserted"] as? Int == 10_000)
        try read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == held + 10_000)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'") == indexes)
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
        }
        let again = try runner.run(["import", "big.csv", "--db", "t.sqlite", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try JSONSummary.parse(again.stdout)["inserted"] as? Int == 15_000)
        try read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == held + 25_000)
        }
    }

    /// A FIFO (as `<(gzip -dc export.csv.gz)` gives) is read once, by the import: nothing looks at its rows
    /// beforehand, also in a database holding tickets, where a file's first and last rows are looked at to choose
    /// how to load it (reading a FIFO's would leave the import waiting for rows already taken).
    @Test func aFIFOIntoADatabaseHoldingTicketsIsReadOnceByTheImport() throws {
        let runner = CommandRunner(workingDirectory: directory.url)
        #expect(try runner.run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        try Self.writeBigCSV(rows: 100, to: directory.url.appendingPathComponent("rows.csv"))
        let writer = try Self.feed("rows.csv", intoFIFO: "export.csv", in: directory.url)
        let (process, out, err) = try start(["import", "export.csv", "--format", "csv", "--db", "t.sqlite", "--json"])
        // Until it ends: a minute at most, then it is stopped and the test fails.
        wait(for: process) { false }
        if process.isRunning {
            process.terminate()
            writer.terminate()
        }
        process.waitUntilExit()
        writer.waitUntilExit()
        #expect(process.terminationStatus == 0, "\((try? String(contentsOf: err, encoding: .utf8)) ?? "")")
        let summary = try JSONSummary.parse(try String(contentsOf: out, encoding: .utf8))
        #expect(summary["read"] as? Int == 100 && summary["inserted"] as? Int == 100)
    }

    /// With --max-rejects the file is one transaction: a stop keeps none of it, as giving up does.
    @Test func anImportInOneTransactionStopsToo() throws {
        try Self.writeBigCSV(rows: 25_000, to: directory.url.appendingPathComponent("big.csv"))
        let (process, out, err) = try start(
            ["import", "big.csv", "--db", "t.sqlite", "--max-rejects", "5", "--json"],
            environment: ["TICKETJOBS_PAUSE_IMPORT_AFTER_BATCHES": "1"])
        waitUntilPaused(process, log: err)
        expectStopped(process, by: SIGTERM, while: "the import")
        let summary = try JSONSummary.parse(try String(contentsOf: out, encoding: .utf8))
        #expect(summary["inserted"] as? Int == 0)
        try read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") == 0)
            #expect(try String.fetchOne(db, sql: "SELECT status FROM import_files") == "interrupted")
        }
    }

    @Test func aJobStoppedDuringItsImportIsRecordedAsInterrupted() throws {
        try writeNightlyJob(thenClassify: true)
        let (process, out, err) = try start(
            ["run", "nightly.yml", "--db", "t.sqlite"], environment: ["TICKETJOBS_PAUSE_IMPORT_AFTER_BATCHES": "1"])
        waitUntilPaused(process, log: err)
        expectStopped(process, by: SIGTERM, while: "the job")
        let stdout = try String(contentsOf: out, encoding: .utf8)
        #expect(stdout.contains("import: interrupted"), "\(stdout)")
        #expect(stdout.contains("job nightly: interrupted"), "\(stdout)")
        #expect(!stdout.contains("classify:"), "\(stdout)")
        try read { db throws in
            #expect(try String.fetchOne(db, sql: "SELECT status FROM job_runs") == "interrupted")
            #expect(try String.fetchOne(db, sql: "SELECT status FROM import_files") == "interrupted")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") == 10_000)
        }
    }

    /// `big.csv`'s 25,000 tickets stored in `t.sqlite`: an export of them writes some 40 chunks.
    func importBigCSV() throws {
        try Self.writeBigCSV(rows: 25_000, to: directory.url.appendingPathComponent("big.csv"))
        #expect(try CommandRunner(workingDirectory: directory.url).run(["import", "big.csv", "--db", "t.sqlite"]).status == 0)
    }

    /// The temporary files left in the test's folder.
    func temporaryFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains(".tmp-") }
    }

    /// An export to a file stops before its next chunk: the file it would have replaced stays as it was, and its
    /// temporary file goes (the signals' default action used to leave it beside the output).
    @Test(arguments: [SIGINT, SIGTERM])
    func anExportStopsAndLeavesTheFileItWouldHaveReplaced(signal: Int32) throws {
        try importBigCSV()
        let earlier = "id,title\nX-1,last week's export\n"
        try earlier.write(to: directory.url.appendingPathComponent("export.csv"), atomically: true, encoding: .utf8)
        let (process, out, err) = try start(
            ["export", "--out", "export.csv", "--db", "t.sqlite", "--json"], environment: ["TICKETJOBS_PAUSE_EXPORT_AFTER_CHUNKS": "1"])
        wait(for: process) { ((try? String(contentsOf: err, encoding: .utf8)) ?? "").contains("export paused") }
        #expect(try temporaryFiles().count == 1)
        let status = expectStopped(process, by: signal, while: "the export")
        #expect(try String(contentsOf: directory.url.appendingPathComponent("export.csv"), encoding: .utf8) == earlier)
        #expect(try temporaryFiles() == [])
        let failure = try JSONSummary.parse(try String(contentsOf: out, encoding: .utf8))
        #expect(failure["error"] as? String == "export interrupted; export.csv was not written")
        #expect(failure["exit_status"] as? Int == Int(status))
        let stderr = try String(contentsOf: err, encoding: .utf8)
        #expect(stderr.contains("stopped: export interrupted; export.csv was not written"), "\(stderr)")
    }

    /// To stdout, what was written stays written; the exit status and stderr say it ends short.
    @Test func anExportToStdoutStopsAndSaysItEndsShort() throws {
        try importBigCSV()
        let (process, out, err) = try start(["export", "--db", "t.sqlite"], environment: ["TICKETJOBS_PAUSE_EXPORT_AFTER_CHUNKS": "1"])
        wait(for: process) { ((try? String(contentsOf: err, encoding: .utf8)) ?? "").contains("export paused") }
        #expect(process.isRunning, "the export ended before the signal")
        #expect(stop(process, with: SIGTERM).status == 143)
        let written = try Data(contentsOf: out).count
        #expect(written >= 1 << 16 && written < 1 << 18, "one chunk, not the 25,000 tickets")
        #expect(try String(contentsOf: err, encoding: .utf8).contains("the tickets on stdout end short"))
    }

    /// A job stopped in its export step: the run is interrupted, the step too, and no file is left half written.
    @Test func aJobStoppedDuringItsExportLeavesNoFile() throws {
        try importBigCSV()
        try "version: 1\nname: nightly\nsteps:\n  - export: {out: out/tickets.csv}\n"
            .write(to: directory.url.appendingPathComponent("nightly.yml"), atomically: true, encoding: .utf8)
        let (process, out, err) = try start(
            ["run", "nightly.yml", "--db", "t.sqlite"], environment: ["TICKETJOBS_PAUSE_EXPORT_AFTER_CHUNKS": "1"])
        wait(for: process) { ((try? String(contentsOf: err, encoding: .utf8)) ?? "").contains("export paused") }
        expectStopped(process, by: SIGTERM, while: "the job")
        let stdout = try String(contentsOf: out, encoding: .utf8)
        #expect(stdout.contains("export: interrupted") && stdout.contains("job nightly: interrupted"), "\(stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.appendingPathComponent("out").path) == [])
        try read { db throws in #expect(try String.fetchOne(db, sql: "SELECT status FROM job_runs") == "interrupted") }
    }

    /// Classification stops scheduling, stores the answers of the requests in flight, prints its summary and
    /// exits with the signal's status.
    @Test func classificationStoresWhatWasInFlightAndStops() throws {
        let (fake, baseURL) = try startFake(["--latency-ms", "700", "--key", "sk-signal", "--rpm", "100000"])
        defer {
            fake.terminate()
            fake.waitUntilExit()
        }
        let imported = try CommandRunner(workingDirectory: directory.url).run([
            "import", Fixtures.path("tickets.csv"), "--db", "t.sqlite",
        ])
        #expect(imported.status == 0)
        let (process, out, _) = try start(
            [
                "classify", "--db", "t.sqlite", "--provider", "anthropic", "--concurrency", "2", "--rpm", "6000",
                "--itpm", "100000000", "--otpm", "100000000", "--json",
            ], environment: ["ANTHROPIC_API_KEY": "sk-signal", "ANTHROPIC_BASE_URL": baseURL])
        func storedCalls() -> Int {
            (try? read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM classification_calls") ?? 0 }) ?? 0
        }
        wait(for: process) { storedCalls() >= 2 }
        expectStopped(process, by: SIGINT, while: "classification")
        let summary = try JSONSummary.parse(try String(contentsOf: out, encoding: .utf8))
        let labeled = try #require(summary["labeled"] as? Int)
        #expect(labeled >= 2 && labeled < 124)
        #expect(summary["stopped_because"] as? String == "interrupted")
        // Every request it made was stored, answers in flight at the signal included: nothing paid for is lost.
        #expect(storedCalls() == summary["requests"] as? Int)
    }

    /// An evaluation with Claude stops sending, caches the answers of the requests in flight (they are paid for),
    /// writes no report (the tickets never sent would read as failures) and exits with the signal's status; the
    /// next run reuses every answer it received.
    @Test func anEvaluationCachesWhatWasInFlightWritesNoReportAndStops() throws {
        let (fake, baseURL) = try startFake(["--latency-ms", "700", "--key", "sk-eval", "--rpm", "100000"])
        defer {
            fake.terminate()
            fake.waitUntilExit()
        }
        func requests() -> Int { fakeStats(baseURL)["requests"] as? Int ?? 0 }
        #expect(try CommandRunner(workingDirectory: directory.url).run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let environment = ["ANTHROPIC_API_KEY": "sk-eval", "ANTHROPIC_BASE_URL": baseURL]
        let arguments = ["evaluate", Fixtures.path("evaluation.csv"), "--limit", "40", "--provider", "anthropic", "--db", "t.sqlite", "--out", "reports", "--json"]
        let (process, out, err) = try start(arguments + ["--concurrency", "2"], environment: environment)
        wait(for: process) { requests() >= 3 }
        expectStopped(process, by: SIGTERM, while: "the evaluation")
        let failure = try JSONSummary.parse(try String(contentsOf: out, encoding: .utf8))
        #expect((failure["error"] as? String)?.hasPrefix("evaluation interrupted; no report was written") == true, "\(failure)")
        #expect(try String(contentsOf: err, encoding: .utf8).contains("stopped: evaluation interrupted"))
        let written = (try? FileManager.default.contentsOfDirectory(atPath: directory.path("reports"))) ?? []
        #expect(written.isEmpty, "\(written)")
        // Every request sent was answered and cached: nothing paid for is lost.
        let sent = requests()
        let cached = try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM evaluation_answers") ?? 0 }
        #expect(cached == sent && sent < 40, "\(cached) cached of \(sent) sent")
        // The next run pays only for the rest.
        let again = try CommandRunner(workingDirectory: directory.url, environment: environment).run(arguments + ["--concurrency", "8"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(requests() - sent <= 40 - cached)
        let report = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect(report?["n"] as? Int == 40)
    }

    /// Stopped while it waits for another classification of the database: exit 143 having sent nothing, and the
    /// summary says it was stopped.
    @Test func classificationStoppedWhileWaitingForAnotherSendsNothing() throws {
        #expect(try CommandRunner(workingDirectory: directory.url).run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        guard case .acquired(let other) = try ProcessLock.acquire(path: directory.path("t.sqlite-classify.lock"), now: Date()) else {
            Issue.record("could not take the lock")
            return
        }
        let (process, out, err) = try start(
            ["classify", "--db", "t.sqlite"], environment: ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"])
        wait(for: process) {
            ((try? String(contentsOf: err, encoding: .utf8)) ?? "").contains("waiting for another classification")
        }
        #expect(process.isRunning, "the run did not wait")
        let (status, _) = stop(process, with: SIGTERM)
        #expect(status == 143)
        let summary = try String(contentsOf: out, encoding: .utf8)
        #expect(summary.contains("0 requests") && summary.contains("; stopped: interrupted"), "\(summary)")
        #expect(try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM classification_calls") } == 0)
        withExtendedLifetime(other) {}
    }

    /// A second run of a job while the first holds the new database: exit 75 (try again later), never 1.
    @Test func aSecondRunWhileTheFirstHoldsANewDatabaseExits75() throws {
        try writeNightlyJob(thenClassify: false)
        let (first, _, err) = try start(
            ["run", "nightly.yml", "--db", "t.sqlite"], environment: ["TICKETJOBS_PAUSE_IMPORT_AFTER_BATCHES": "1"])
        waitUntilPaused(first, log: err)
        #expect(first.isRunning)
        let second = try CommandRunner(workingDirectory: directory.url).run(["run", "nightly.yml", "--db", "t.sqlite"])
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("locked") || second.stderr.contains("is running"), "\(second.stderr)")
        #expect(stop(first, with: SIGTERM).status == 143)
    }

    /// A request that never answers does not hold a stopping run: SIGTERM ends it within 10 s.
    @Test func sigtermEndsAClassificationWithinTenSecondsWhileARequestHangs() throws {
        let (fake, baseURL) = try startFake(["--latency-ms", "600000", "--key", "sk-hang", "--rpm", "100000"])
        defer {
            fake.terminate()
            fake.waitUntilExit()
        }
        #expect(try CommandRunner(workingDirectory: directory.url).run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"]).status == 0)
        let (process, _, _) = try start(
            ["classify", "--db", "t.sqlite", "--provider", "anthropic", "--concurrency", "2", "--json"],
            environment: ["ANTHROPIC_API_KEY": "sk-hang", "ANTHROPIC_BASE_URL": baseURL])
        // Until the fake holds a request.
        wait(for: process) { (fakeStats(baseURL)["inFlight"] as? Int ?? 0) > 0 }
        #expect(process.isRunning)
        let (status, seconds) = stop(process, with: SIGTERM)
        #expect(status == 143)
        #expect(seconds < 10)
    }
}
