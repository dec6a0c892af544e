import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketJobs

/// `classify --batch` and `batches` as the built binary, against the loopback fake's Message Batches API.
@Suite(.serialized) struct BatchCLITests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func runner(_ environment: [String: String] = [:]) -> CommandRunner {
        CommandRunner(workingDirectory: directory.url, environment: environment)
    }

    func json(_ text: String) throws -> [String: Any] { try JSONSummary.parse(text) }

    /// A nightly job that imports the fixtures and classifies them in batches; returns its path.
    func backfillJob() throws -> String {
        try directory.write(
            "jobs/backfill.yml",
            """
            version: 1
            name: backfill
            steps:
              - import: {paths: [\(Fixtures.path("tickets.csv"))]}
              - classify: {batch: true, batch_size: 1000}
            """)
    }

    func candidates() throws -> Int {
        let dry = try runner().run(["classify", "--db", "t.sqlite", "--provider", "local", "--dry-run", "--json"])
        return try #require(try json(dry.stdout)["tickets"] as? Int)
    }

    /// Without a key, the batch commands that ask the API say what to set, not "use --provider local" (an
    /// option they do not have); `list` needs no key.
    @Test func batchCommandsWithoutAKeySayWhatToSet() throws {
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        for command in [["collect"], ["status", "1"], ["cancel", "1"]] {
            let result = try runner().run(["batches"] + command + ["--db", "t.sqlite"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("no API key: batches are kept at the Anthropic API"), "\(result.stderr)")
            #expect(!result.stderr.contains("--provider"), "\(result.stderr)")
        }
        #expect(try runner().run(["batches", "list", "--db", "t.sqlite"]).stdout == "no batches\n")
    }

    @Test func submitWaitCollectThroughTheBinary() async throws {
        let server = try await FakeAnthropicServer(expectedKey: "sk-batch")
        server.batches.behaviour.erroredEvery = 10
        let env = ["ANTHROPIC_API_KEY": "sk-batch", "ANTHROPIC_BASE_URL": server.baseURL]
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let before = try candidates()
        let result = try await runner(env).runDetached(
            [
                "classify", "--db", "t.sqlite", "--batch", "--batch-size", "50", "--wait", "--poll-interval", "0.05",
                "--json",
            ])
        // Some requests errored and their tickets are candidates again: 3, as a synchronous run with failed
        // tickets (it was 0, and a nightly job whose batches failed looked like a success).
        #expect(result.status == 3, "\(result.stderr)")
        let summary = try json(result.stdout)
        let tally = try #require(summary["tally"] as? [String: Int])
        // The fixtures repeat some texts: those tickets share one request.
        let requests = try #require(summary["submitted"] as? Int)
        #expect(summary["submitted_tickets"] as? Int == before && requests < before)
        #expect(summary["batches_submitted"] as? Int == (requests + 49) / 50)
        #expect(tally["errored"] == requests / 50 * 5 + (requests % 50) / 10)
        #expect(tally["succeeded"] == requests - tally["errored"]!)
        let labeled = try #require(summary["labeled"] as? Int)
        let released = try #require(summary["released"] as? Int)
        #expect(labeled + released == before && released >= tally["errored"]!)
        #expect(summary["batches_pending"] as? Int == 0)
        let cost = try #require(summary["cost_usd"] as? Double)
        let synchronous = try #require(summary["synchronous_cost_usd"] as? Double)
        #expect(cost > 0 && abs(cost * 2 - synchronous) < 1e-6)
        // With --json the summary is the JSON on stdout, and nothing of it on stderr.
        #expect(!result.stderr.contains("at batch prices"))
        #expect(!result.stderr.contains("sk-batch"))
        // The errored ones are candidates again; everything else carries Claude's labels.
        #expect(try candidates() == released)
        let list = try runner().run(["batches", "list", "--db", "t.sqlite", "--json"])
        let batches = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(batches.count == (before + 49) / 50 && batches.allSatisfy { $0["status"] as? String == "collected" })
        await server.stop()
    }

    @Test func aRunKilledAfterSubmittingIsReconciledByTheNextRun() async throws {
        let server = try await FakeAnthropicServer(expectedKey: "sk-batch")
        let env = ["ANTHROPIC_API_KEY": "sk-batch", "ANTHROPIC_BASE_URL": server.baseURL]
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let before = try candidates()
        // The API creates the batch but its answer never arrives; the process is killed while it waits.
        server.batches.behaviour.loseCreateAnswers = true
        let process = Process()
        process.executableURL = Fixtures.binary
        process.arguments = ["classify", "--db", "t.sqlite", "--batch"]
        process.currentDirectoryURL = directory.url
        // Its half-written batch file stays in the test's folder, not in /tmp.
        process.environment = runner(env.merging(["TMPDIR": directory.url.path]) { _, new in new }).environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while server.batches.stats.creates == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(server.batches.stats.creates == 1)
        server.batches.behaviour.loseCreateAnswers = false
        let result = try await runner(env).runDetached([
            "classify", "--db", "t.sqlite", "--batch", "--wait", "--poll-interval", "0.05", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result.stdout)
        #expect(summary["reconciled"] as? Int == 1)
        #expect(summary["batches_submitted"] as? Int == 0)
        #expect(summary["labeled"] as? Int == before)
        // Never submitted twice.
        #expect(server.batches.stats.creates == 1)
        let list = try runner().run(["batches", "list", "--db", "t.sqlite", "--json"])
        let batches = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(batches.count == 1 && batches.first?["status"] as? String == "collected")
        #expect(batches.first?["requests"] as? Int == server.batches.stats.requestsSubmitted)
        #expect(batches.first?["remote_id"] as? String == server.batches.batchIDs.first)
        #expect(try candidates() == 0)
        await server.stop()
    }

    @Test func anExpiredBatchSendsItsTicketsBackAndStatusAndCancelWork() async throws {
        let server = try await FakeAnthropicServer(expectedKey: "sk-batch")
        let env = ["ANTHROPIC_API_KEY": "sk-batch", "ANTHROPIC_BASE_URL": server.baseURL]
        _ = try runner().run(["import", Fixtures.path("tickets.csv"), "--db", "t.sqlite"])
        let before = try candidates()
        server.batches.behaviour.expireAll = true
        server.batches.behaviour.pollsUntilEnd = 2
        let submitted = try await runner(env).runDetached([
            "classify", "--db", "t.sqlite", "--batch", "--no-wait", "--json",
        ])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(try json(submitted.stdout)["batches_pending"] as? Int == 1)
        // While it waits, a synchronous run has nothing to send.
        let sync = try await runner(env).runDetached(["classify", "--db", "t.sqlite", "--json"])
        #expect(try json(sync.stdout)["candidates"] as? Int == 0)
        let status = try await runner(env).runDetached(["batches", "status", "1", "--db", "t.sqlite"])
        #expect(status.status == 0 && status.stdout.contains("in_progress"), "\(status.stderr)")
        let early = try await runner(env).runDetached(["batches", "collect", "1", "--db", "t.sqlite"])
        #expect(early.status == 1 && early.stderr.contains("has not ended yet"))
        let collected = try await runner(env).runDetached(["batches", "collect", "--db", "t.sqlite", "--json"])
        // Every request expired: nothing labeled, which is a failure (1), said, with the summary still printed.
        #expect(collected.status == 1, "\(collected.stderr)")
        #expect(collected.stderr.contains("none of the \(server.batches.stats.requestsSubmitted) requests collected gave a label: 0 errored, \(server.batches.stats.requestsSubmitted) expired"), "\(collected.stderr)")
        let summary = try json(collected.stdout)
        let requests = server.batches.stats.requestsSubmitted
        #expect((summary["tally"] as? [String: Int])?["expired"] == requests && requests > 0)
        #expect(summary["labeled"] as? Int == 0 && summary["cost_usd"] as? Double == 0)
        #expect(try candidates() == before)
        // A second batch, canceled: it ends with every request canceled.
        server.batches.behaviour = .init()
        server.batches.behaviour.pollsUntilEnd = 5
        _ = try await runner(env).runDetached(["classify", "--db", "t.sqlite", "--batch"])
        let cancel = try await runner(env).runDetached(["batches", "cancel", "2", "--db", "t.sqlite"])
        #expect(cancel.status == 0 && cancel.stdout.contains("canceling"), "\(cancel.stderr)")
        let afterCancel = try await runner(env).runDetached([
            "batches", "collect", "2", "--wait", "--poll-interval", "0.05", "--db", "t.sqlite", "--json",
        ])
        #expect((try json(afterCancel.stdout)["tally"] as? [String: Int])?["canceled"] == requests)
        // A person's cancellation is no failure.
        #expect(afterCancel.status == 0, "\(afterCancel.stderr)")
        #expect(try candidates() == before)
        let list = try runner().run(["batches", "--db", "t.sqlite"])
        #expect(list.stdout.split(separator: "\n").count == 2 && list.stdout.contains("collected"))
        await server.stop()
    }

    @Test func aNightlyJobSubmitsOneNightAndCollectsTheNext() async throws {
        let server = try await FakeAnthropicServer(expectedKey: "sk-batch")
        server.batches.behaviour.pollsUntilEnd = 0
        let env = ["ANTHROPIC_API_KEY": "sk-batch", "ANTHROPIC_BASE_URL": server.baseURL]
        let job = try backfillJob()
        let first = try await runner(env).runDetached(["run", job, "--db", "t.sqlite"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("batches_submitted=1") && first.stdout.contains("batches_pending=1"))
        let second = try await runner(env).runDetached(["run", job, "--db", "t.sqlite"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("batches_collected=1") && second.stdout.contains("batches_submitted=0"))
        #expect(try candidates() == 0)
        #expect(server.batches.stats.creates == 1)
        await server.stop()
    }

    /// A nightly job whose collected requests errored exits 3, and one whose batch expired whole exits 1: both
    /// exited 0, so cron and the job's monitoring saw success night after night while nothing was labeled.
    @Test func aNightlyJobWhoseBatchesFailedSaysSo() async throws {
        let server = try await FakeAnthropicServer(expectedKey: "sk-batch")
        server.batches.behaviour.pollsUntilEnd = 0
        server.batches.behaviour.erroredEvery = 10
        let env = ["ANTHROPIC_API_KEY": "sk-batch", "ANTHROPIC_BASE_URL": server.baseURL]
        let job = try backfillJob()
        let first = try await runner(env).runDetached(["run", job, "--db", "t.sqlite"])
        #expect(first.status == 0, "\(first.stderr)")
        let errored = server.batches.stats.requestsSubmitted / 10
        let second = try await runner(env).runDetached(["run", job, "--db", "t.sqlite"])
        #expect(second.status == 3, "\(second.stderr)")
        #expect(second.stdout.contains("released=") && errored > 0, "\(second.stdout)")
        // Counted as a synchronous step's failed tickets, which the job's metrics read.
        let failed = second.stdout.firstMatch(of: /failed=(\d+)/).flatMap { Int($0.1) } ?? 0
        #expect(failed >= errored, "\(second.stdout)")
        // The errored tickets went into a new batch, which expires whole; they are sent again, so the run is not
        // a failure, but not a success either.
        server.batches.behaviour = .init()
        server.batches.behaviour.pollsUntilEnd = 0
        server.batches.behaviour.expireAll = true
        let third = try await runner(env).runDetached(["run", job, "--db", "t.sqlite"])
        #expect(third.status == 3, "\(third.stderr)")
        #expect(third.stdout.contains("batches_pending=1"), "\(third.stdout)")
        // Waiting for that batch too, which expires as well: nothing labeled and nothing pending, the step failed.
        let waiting = try directory.write(
            "jobs/waiting.yml",
            """
            version: 1
            name: waiting
            steps:
              - classify: {batch: true, wait: true}
            """)
        let fourth = try await runner(env).runDetached(["run", waiting, "--db", "t.sqlite"])
        #expect(fourth.status == 1, "\(fourth.stderr)")
        #expect(fourth.stdout.contains("gave a label: 0 errored"), "\(fourth.stdout)")
        await server.stop()
    }
}
