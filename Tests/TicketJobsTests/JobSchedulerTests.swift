import Foundation
import Synchronization
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketJobs

@Suite struct JobSchedulerTests {
    @Test func catchUpRunsAJobWhoseScheduledTimePassedSinceItsLastRun() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("weekly.yml", "version: 1\nname: weekly\nschedule: \"0 6 * * mon\"\ncatch_up: true\nsteps:\n  - report: {period: last-week, out: reports}\n")
        try directory.write("manual.yml", "version: 1\nname: manual\nsteps:\n  - report: {period: last-week, out: reports}\n")
        try directory.write("broken.yml", "version: 1\nsteps: nope\n")
        let store = try TicketStore(path: directory.path("t.sqlite"))
        let clock = FixedWallClock(TicketSeeder.date("2026-11-25T10:00:00Z"))
        var runner = JobRunner(store: store, environment: [:], logger: LogRecorder().logger())
        runner.clock = clock
        let logs = LogRecorder()
        let scheduler = JobScheduler(directory: directory.url.path, runner: runner, logger: logs.logger())
        let jobs = scheduler.loadJobs()
        #expect(jobs.map(\.name) == ["weekly"])
        #expect(logs.entries.contains { $0.message == "job file ignored" })
        #expect(try scheduler.missedJobs(jobs, now: clock.now()).map(\.name) == ["weekly"])
        _ = try await runner.run(jobs[0], trigger: "catch_up")
        #expect(try scheduler.missedJobs(jobs, now: clock.now()).isEmpty)
        clock.set(TicketSeeder.date("2026-11-30T06:00:01Z"))
        #expect(try scheduler.missedJobs(jobs, now: clock.now()).map(\.name) == ["weekly"])
    }

    @Test func theLoopRunsADueJobAndStopsWhenCancelled() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("hourly.yml", "version: 1\nname: hourly\nschedule: \"@hourly\"\nsteps:\n  - report: {period: yesterday, out: reports}\n")
        let store = try TicketStore(path: directory.path("t.sqlite"))
        let clock = FixedWallClock(TicketSeeder.date("2026-11-25T09:59:30Z"))
        var runner = JobRunner(store: store, environment: [:], logger: LogRecorder().logger())
        runner.clock = clock
        var scheduler = JobScheduler(directory: directory.url.path, runner: runner, logger: LogRecorder().logger())
        // Each wait moves the wall clock on by what the scheduler asked for instead of sleeping; the third
        // wait ends the loop as a cancellation would. Long reload intervals let each wait reach the next hour.
        scheduler.reloadInterval = 7200
        let waits = Counter()
        scheduler.sleep = { duration in
            clock.advance(by: Double(duration.components.seconds) + 1)
            if waits.increment() >= 4 { throw CancellationError() }
        }
        try await scheduler.run()
        let runs = try store.jobRuns(job: "hourly", limit: 10)
        #expect(runs.count >= 2)
        #expect(runs.allSatisfy { $0.trigger == "schedule" && $0.status == "succeeded" })
    }

    /// At start, each job's next run is logged, so a log shows the schedule was read as meant.
    @Test func theNextRunOfEachJobIsLoggedAtStart() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("weekly.yml", "version: 1\nname: weekly\nschedule: \"0 6 * * mon\"\ntimezone: Europe/Berlin\nsteps:\n  - report: {period: last-week, out: reports}\n")
        let store = try TicketStore(path: directory.path("t.sqlite"))
        let clock = FixedWallClock(TicketSeeder.date("2026-11-25T10:00:00Z"))
        var runner = JobRunner(store: store, environment: [:], logger: LogRecorder().logger())
        runner.clock = clock
        let logs = LogRecorder()
        var scheduler = JobScheduler(directory: directory.url.path, runner: runner, logger: logs.logger())
        scheduler.sleep = { _ in throw CancellationError() }
        try await scheduler.run()
        let next = try #require(logs.entries.first { $0.message == "next run" })
        // Monday 2026-11-30 06:00 in Berlin (UTC+1).
        #expect(next.metadata["job"] == "weekly" && next.metadata["at"] == "2026-11-30T05:00:00Z")
        #expect(next.metadata["time_zone"] == "Europe/Berlin")
    }

    /// A copied job file whose name was left as it was: the first file in name order keeps the name, the other
    /// is logged and left out (it would share the first's runs, catch-up and run lock).
    @Test func aSecondJobOfOneNameIsLeftOut() throws {
        let directory = try TemporaryDirectory()
        let schedule = "schedule: \"0 6 * * mon\"\nsteps:\n  - report: {period: last-week, out: reports}\n"
        try directory.write("a-weekly.yml", "version: 1\nname: weekly\n" + schedule)
        try directory.write("b-monthly.yml", "version: 1\nname: weekly\n" + schedule)
        try directory.write("c-daily.yml", "version: 1\nname: daily\n" + schedule)
        let logs = LogRecorder()
        let jobs = try JobScheduler.scheduledJobs(in: directory.url.path, logger: logs.logger())
        #expect(jobs.map(\.file) == [directory.path("a-weekly.yml"), directory.path("c-daily.yml")])
        let ignored = try #require(logs.entries.first { $0.message == "job file ignored" })
        #expect(ignored.metadata["file"] == directory.path("b-monthly.yml"))
        #expect(ignored.metadata["error"]?.contains("'weekly' is already the name of \(directory.path("a-weekly.yml"))") == true)
    }

    /// The command loads the folder to know there is something to schedule; the loop starts from those jobs
    /// instead of reading (and logging every broken file) again.
    @Test func aBrokenFileIsLoggedOnceAtStart() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("weekly.yml", "version: 1\nname: weekly\nschedule: \"0 6 * * mon\"\nsteps:\n  - report: {period: last-week, out: reports}\n")
        try directory.write("broken.yml", "version: 1\nsteps: nope\n")
        let runner = JobRunner(store: try TicketStore(path: directory.path("t.sqlite")), environment: [:], logger: LogRecorder().logger())
        let logs = LogRecorder()
        let jobs = try JobScheduler.scheduledJobs(in: directory.url.path, logger: logs.logger())
        var scheduler = JobScheduler(directory: directory.url.path, runner: runner, logger: logs.logger())
        scheduler.sleep = { _ in throw CancellationError() }
        try await scheduler.run(jobs: jobs)
        #expect(logs.entries.filter { $0.message == "job file ignored" }.count == 1)
        #expect(logs.entries.first { $0.message == "scheduler started" }?.metadata["jobs"] == "weekly")
    }

    /// A scheduler whose `@hourly` job lives in `jobs/` of a folder apart from the store and the reports, with
    /// `change` applied to the folder at the first wait (the clock then past the hour) and the loop ended at the
    /// second: whether the job still ran at 10:00 says whether the reload kept it.
    func runAcrossAReload(_ change: @escaping @Sendable (TemporaryDirectory) throws -> Void) async throws -> (runs: Int, logs: LogRecorder) {
        let directory = try TemporaryDirectory()
        try directory.write(
            "jobs/hourly.yml",
            "version: 1\nname: hourly\nschedule: \"@hourly\"\nsteps:\n  - report: {period: yesterday, out: \(directory.path("reports"))}\n")
        let store = try TicketStore(path: directory.path("t.sqlite"))
        let clock = FixedWallClock(TicketSeeder.date("2026-11-25T09:59:30Z"))
        var runner = JobRunner(store: store, environment: [:], logger: LogRecorder().logger())
        runner.clock = clock
        let logs = LogRecorder()
        var scheduler = JobScheduler(directory: directory.path("jobs"), runner: runner, logger: logs.logger())
        scheduler.reloadInterval = 7200
        let waits = Counter()
        scheduler.sleep = { _ in
            guard waits.increment() == 1 else { throw CancellationError() }
            clock.set(TicketSeeder.date("2026-11-25T10:00:01Z"))
            do { try change(directory) } catch { Issue.record(error, "changing the job folder") }
        }
        try await scheduler.run(jobs: try JobScheduler.scheduledJobs(in: directory.path("jobs"), logger: LogRecorder().logger()))
        return (try store.jobRuns(job: "hourly", limit: 10).count, logs)
    }

    /// A job file saved half-way, or with a typo, while the scheduler runs: its job keeps the version read before
    /// (and runs when due), and the log says why; the nightly run does not silently stop.
    @Test func aJobFileThatNoLongerReadsKeepsTheJobItHeld() async throws {
        let (runs, logs) = try await runAcrossAReload { directory in
            try directory.write("jobs/hourly.yml", "version: 1\nname: hourly\nschedule: \"@hourly\"\nsteps:\n  - report: {period: yesterdya")
        }
        #expect(runs == 1)
        let kept = try #require(logs.entries.first { $0.message == "job file invalid: keeping the version read before" })
        #expect(kept.level == .error && kept.metadata["job"] == "hourly" && kept.metadata["file"]?.hasSuffix("jobs/hourly.yml") == true)
        #expect(logs.entries.first { $0.message == "job files reloaded" }?.metadata["jobs"] == "hourly")
    }

    /// The folder gone (a deploy replacing it, a mistaken move): every job read before is kept, with an error.
    @Test func aJobFolderThatGoesAwayKeepsItsJobs() async throws {
        let (runs, logs) = try await runAcrossAReload { directory in
            try FileManager.default.moveItem(atPath: directory.path("jobs"), toPath: directory.path("jobs-moved"))
        }
        #expect(runs == 1)
        #expect(logs.entries.contains { $0.message == "job folder unreadable: keeping the jobs read before" && $0.metadata["jobs"] == "hourly" })
    }

    /// A job file deleted takes its job with it; with none left, the scheduler runs on and says nothing will run.
    @Test func aJobFileDeletedTakesItsJobAndAnEmptyScheduleIsAWarning() async throws {
        let (runs, logs) = try await runAcrossAReload { directory in
            try FileManager.default.removeItem(atPath: directory.path("jobs/hourly.yml"))
        }
        #expect(runs == 0)
        #expect(logs.entries.contains { $0.level == .warning && $0.message.hasPrefix("job files reloaded: no job with a schedule is left") })
    }
}

/// A thread-safe counter for the test's sleep closure.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}
