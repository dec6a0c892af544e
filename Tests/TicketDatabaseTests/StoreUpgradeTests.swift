import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketDatabase
@testable import TicketModel
@testable import TicketReporting

/// Databases made by earlier releases (one per schema version, in `Releases/`) upgrade to a store that is
/// indistinguishable from a fresh one: the same schema text, the same report figures over the same tickets.
@Suite struct StoreUpgradeTests {
    static let releases = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Releases")

    /// Every release database kept in the repository.
    static let versions: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: releases.path)) ?? []
        return names.filter { $0.hasSuffix(".sqlite") }.sorted()
    }()

    /// A copy of a release database, upgraded by opening it.
    func upgraded(_ name: String, in directory: TemporaryDirectory) throws -> TicketStore {
        let path = directory.path(name)
        try FileManager.default.copyItem(atPath: Self.releases.appendingPathComponent(name).path, toPath: path)
        return try TicketStore(path: path)
    }

    /// Tables, indexes and triggers as SQLite stores them, by type and name.
    func schema(_ store: TicketStore) throws -> [String] {
        try store.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT type, name, tbl_name, sql FROM sqlite_master
                    WHERE type IN ('table', 'index', 'trigger') ORDER BY type, name
                    """
            ).map { "\($0["type"] as String) \($0["name"] as String) on \($0["tbl_name"] as String):\n\($0["sql"] as String? ?? "(auto)")" }
        }
    }

    @Test func thereIsAReleaseDatabaseForTheCurrentSchemaOrAnEarlierOne() {
        #expect(Self.versions.contains("v8.sqlite"), "\(Self.versions)")
    }

    @Test(arguments: versions)
    func anUpgradedStoreHasTheSchemaOfAFreshOne(release: String) throws {
        let directory = try TemporaryDirectory()
        let upgraded = try upgraded(release, in: directory)
        let fresh = try TicketStore(path: directory.path("fresh.sqlite"))
        let (old, new) = (try schema(upgraded), try schema(fresh))
        #expect(old == new, "\(Set(old).symmetricDifference(new).sorted())")
        try upgraded.writer.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            #expect(try ReportRollups.isComplete(db))
            try db.checkForeignKeys()
        }
    }

    /// The upgraded rollups (kept by the old release's triggers, carried through the migrations) give the same
    /// reports as triggers counting the same tickets and calls from scratch.
    @Test(arguments: versions)
    func anUpgradedStoreReportsWhatAFreshOneReports(release: String) throws {
        let directory = try TemporaryDirectory()
        let upgraded = try upgraded(release, in: directory)
        let freshPath = directory.path("fresh.sqlite")
        let fresh = try TicketStore(path: freshPath)
        let ticketCount = try upgraded.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets")! }
        #expect(ticketCount > 300)
        try fresh.writer.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS old", arguments: [upgraded.path!])
            try db.inTransaction {
                try db.execute(sql: "INSERT INTO tickets SELECT * FROM old.tickets")
                try db.execute(sql: "INSERT INTO message_batches SELECT * FROM old.message_batches")
                try db.execute(sql: "INSERT INTO classification_calls SELECT * FROM old.classification_calls")
                return .commit
            }
            try db.execute(sql: "DETACH DATABASE old")
        }
        let now = TicketSeeder.date("2026-11-30T12:00:00Z")
        var compared = 0
        for (text, zone) in [
            ("2026-10-12..2026-11-22", "UTC"), ("2026-W46", "UTC"), ("2026-11", "Europe/Berlin"),
            ("2026-10-01..2026-12-31", "America/St_Johns"), ("2025-01-01..2026-12-31", "UTC"),
        ] {
            let period = try ReportPeriod.parse(text, now: now, timeZone: TimeZone(identifier: zone)!)
            let expected = try ReportAggregator(store: fresh).report(for: period, generatedAt: now)
            let actual = try ReportAggregator(store: upgraded).report(for: period, generatedAt: now)
            #expect(actual == expected, "\(text) in \(zone)")
            compared += expected.totals.tickets
        }
        #expect(compared > 300)
    }

    /// What a release's store holds keeps working after the upgrade: its pending batch stays pending, its job
    /// run stays in the history, and a re-import of a file it imported finds nothing changed.
    @Test(arguments: versions)
    func anUpgradedStoreKeepsItsWork(release: String) throws {
        let directory = try TemporaryDirectory()
        let upgraded = try upgraded(release, in: directory)
        #expect(try upgraded.batches(in: BatchStatus.allCases.filter(\.isPending)).count == 1)
        #expect(try upgraded.batches(in: [.collected]).count == 1)
        #expect(try upgraded.pendingBatchTicketCount() > 0)
        #expect(try upgraded.jobRuns(job: "demo", limit: 5).map(\.status) == ["succeeded"])
        let scheme = try upgraded.writer.read(ContentHashScheme.of)
        #expect(scheme == .words)
    }

    /// v15 rebuilt the tickets table under the review queue's and the calls' foreign keys (ON DELETE CASCADE):
    /// the queue, a person's manual labels and the calls outlive the rebuild, and the labels now reference the
    /// taxonomy a new database starts with.
    @Test func theTaxonomyRebuildLosesNoQueuedTicketManualLabelOrCall() throws {
        let directory = try TemporaryDirectory()
        let original = try DatabaseQueue(path: Self.releases.appendingPathComponent("v14.sqlite").path)
        let counts = "SELECT (SELECT COUNT(*) FROM review_queue), (SELECT COUNT(*) FROM tickets WHERE category_source = 'manual'), (SELECT COUNT(*) FROM classification_calls), (SELECT COUNT(*) FROM message_batch_requests)"
        let before = try original.read { db in try Row.fetchOne(db, sql: counts)! }
        try original.close()
        #expect(before[0] as Int == 12 && before[1] as Int == 3)
        let upgraded = try upgraded("v14.sqlite", in: directory)
        let after = try upgraded.writer.read { db in try Row.fetchOne(db, sql: counts)! }
        #expect(after == before)
        let (taxonomy, revision) = try upgraded.taxonomyWithRevision()
        #expect(taxonomy == .standard && revision == 1)
        #expect(try upgraded.reviewQueueCount() == 12)
    }

    /// v19 rebuilt the review queue so that a ticket can wait in it without a suggestion: every entry an earlier
    /// release queued keeps its suggestion, confidence, model and time, and every call counts as a usable answer.
    @Test func theReviewQueuesRebuildKeepsEveryEntry() throws {
        let directory = try TemporaryDirectory()
        let entries = "SELECT ticket_id, suggested_category, suggested_priority, confidence, model, queued_at FROM review_queue ORDER BY ticket_id"
        let original = try DatabaseQueue(path: Self.releases.appendingPathComponent("v18.sqlite").path)
        let before = try original.read { db in try Row.fetchAll(db, sql: entries) }
        try original.close()
        #expect(before.count == 12)
        let upgraded = try upgraded("v18.sqlite", in: directory)
        let (after, unusable) = try upgraded.writer.read { db in
            (try Row.fetchAll(db, sql: entries), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM classification_calls WHERE unusable_answer != 0"))
        }
        #expect(after == before)
        #expect(unusable == 0)
    }

    /// A trigger whose text differs from the newest migration's (edited by hand, or by a release that changed
    /// one in place) is found when the store opens and replaced, with the rollups rebuilt.
    @Test func aDriftedTriggerIsReplacedWhenTheStoreOpens() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("tickets.sqlite")
        do {
            let store = try TicketStore(path: path)
            try TicketSeeder.seed(store, [
                Ticket(
                    id: "1", title: "t", description: "", category: .billing, priority: .low, status: .open,
                    createdAt: TicketSeeder.date("2026-11-20T10:00:00Z"), resolvedAt: nil)
            ])
            try store.writer.write { db in
                // An old trigger that forgot the hourly rollup, and a rollup it got wrong.
                try db.execute(sql: "DROP TRIGGER tickets_rollup_insert")
                try db.execute(sql: "CREATE TRIGGER tickets_rollup_insert AFTER INSERT ON tickets BEGIN SELECT 1; END")
                try db.execute(sql: "UPDATE report_hours SET tickets = 7")
                #expect(try !ReportRollups.isComplete(db))
            }
        }
        let reopened = try TicketStore(path: path)
        try reopened.writer.read { db in
            #expect(try ReportRollups.isComplete(db))
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == 1)
            let text = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'tickets_rollup_insert'")
            #expect(text == ReportRollups.triggers.first { $0.name == "tickets_rollup_insert" }?.sql)
        }
    }

    /// A job run or an import whose process died is `interrupted` once the store opens again; one whose process
    /// is alive (this one) is left running.
    @Test func runsLeftRunningByADeadProcessAreMarkedInterrupted() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("tickets.sqlite")
        try Self.recordRunning(at: path, importsToo: true)
        let reopened = try TicketStore(path: path)
        let statuses = try reopened.writer.read { db in
            (
                try String.fetchAll(db, sql: "SELECT status FROM job_runs ORDER BY id"),
                try String.fetchAll(db, sql: "SELECT status FROM import_files ORDER BY id")
            )
        }
        #expect(statuses.0 == ["interrupted", "running"])
        #expect(statuses.1 == ["interrupted", "running"])
        #expect(try reopened.jobRuns(job: "j", limit: 5).last?.error?.contains("ended without finishing") == true)
    }

    /// A store opened read-only cannot record a dead process's run as interrupted; its history reads so all the same.
    @Test func aDeadProcesssRunReadsAsInterruptedWithoutAWrite() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("read.sqlite")
        let dead = try Self.recordRunning(at: path, importsToo: false)
        let readOnly = try TicketStore(path: path, access: .readOnly)
        let runs = try readOnly.jobRuns(job: "j", limit: 5)
        #expect(runs.map(\.status) == ["running", "interrupted"])
        #expect(runs.last?.error == "its process (pid \(dead)) ended without finishing it")
        #expect(try readOnly.writer.read { try String.fetchAll($0, sql: "SELECT status FROM job_runs ORDER BY id") } == ["running", "running"])
    }

    /// A new store at `path` with a job run (and, if asked, an import) `running` under a dead process, then under
    /// this one; returns the dead pid.
    @discardableResult
    static func recordRunning(at path: String, importsToo: Bool) throws -> Int {
        let dead = deadPID()
        let store = try TicketStore(path: path)
        try store.writer.write { db in
            for pid in [dead, Int(getpid())] {
                try db.execute(
                    sql: "INSERT INTO job_runs (job, file, trigger, pid, started_at, status) VALUES ('j', 'f', 'manual', ?, 0, 'running')",
                    arguments: [pid])
                if importsToo {
                    try db.execute(
                        sql: "INSERT INTO import_files (path, size, modified_at, started_at, status, pid) VALUES ('p', 1, 1, 0, 'running', ?)",
                        arguments: [pid])
                }
            }
        }
        return dead
    }

    /// A pid no process has: a child that has exited and been reaped.
    static func deadPID() -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try? process.run()
        process.waitUntilExit()
        return Int(process.processIdentifier)
    }
}
