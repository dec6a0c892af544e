import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketReporting

/// Upgrades keep every ticket, label, call and rollup, and the schema keeps refusing what it refused.
@Suite struct TicketStoreMigrationsTests {
    /// A database as the v5 release left it, with tickets, calls and a relabel behind it.
    func v5Database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try TicketStore.migrator.migrate(queue, upTo: "v5-report-rollups")
        try queue.write { db in
            for i in 0..<50 {
                try db.execute(
                    sql: """
                        INSERT INTO tickets (external_id, title, description, category, category_source, priority,
                            priority_source, status, created_at, resolved_at, imported_at, content_hash)
                        VALUES (?, ?, '', ?, ?, 'high', 'imported', ?, ?, ?, 0, ?)
                        """,
                    arguments: [
                        "M-\(i)", "ticket \(i)", i % 3 == 0 ? nil : "billing", i % 3 == 0 ? nil : "imported",
                        i % 2 == 0 ? "resolved" : "open", 1_760_000_000 + i * 40_000,
                        i % 2 == 0 ? 1_760_000_000 + i * 40_000 + 3_600 * i : nil, i,
                    ])
            }
            try db.execute(
                sql: """
                    INSERT INTO classification_calls (ticket_id, provider, model, prompt_version, text_hash, status, cost_usd, created_at)
                    SELECT id, 'anthropic', 'm', 'v', 0, 'labeled', 0.002, 0 FROM tickets WHERE id % 4 = 0
                    """)
            try db.execute(sql: "UPDATE tickets SET category = 'technical', category_source = 'llm' WHERE id % 5 = 0")
        }
        return queue
    }

    func contents(_ queue: DatabaseQueue) throws -> [String] {
        try queue.read { db in
            try ["tickets", "classification_calls", "report_hours", "report_days", "report_resolution", "report_calls"]
                .flatMap { table in
                    // The columns v5 had: later migrations add more.
                    let columns =
                        table == "tickets"
                        ? """
                        id, external_id, title, description, category, category_source, priority, priority_source, status,
                        created_at, resolved_at, source_file, source_line, imported_at, content_hash, revision,
                        label_model, label_prompt_version, label_confidence, labeled_at
                        """
                        : table == "classification_calls"
                            ? """
                            id, ticket_id, provider, model, prompt_version, text_hash, attempt, status, http_status,
                            latency_ms, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, cost_usd,
                            request_id, category, priority, confidence, error, raw_answer, created_at, batch_id
                            """ : "*"
                    return try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) ORDER BY 1, 2").map { "\(table) \($0)" }
                }
        }
    }

    @Test func v6KeepsEverythingAndRebuildsNothingTwice() throws {
        let queue = try v5Database()
        let before = try contents(queue)
        try TicketStore.migrator.migrate(queue)
        #expect(try contents(queue) == before)
        try queue.read { db in
            #expect(try ReportRollups.isComplete(db))
            try db.checkForeignKeys()
        }
        // The triggers are back: a new ticket and a new call are counted.
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tickets (external_id, title, description, status, created_at, imported_at, content_hash)
                    VALUES ('M-new', 'new', '', 'open', 1760000000, 0, 0)
                    """)
            try db.execute(
                sql: """
                    INSERT INTO classification_calls (ticket_id, provider, model, prompt_version, text_hash, status, cost_usd, created_at)
                    SELECT id, 'local', 'm', 'v', 0, 'labeled', 0, 0 FROM tickets WHERE external_id = 'M-new'
                    """)
            // Triggers leave emptied groups at zero; a rebuild leaves them out.
            let days = "SELECT * FROM report_days WHERE tickets != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7"
            let calls = "SELECT * FROM report_calls WHERE requests != 0 ORDER BY 1"
            let maintained = try (Row.fetchAll(db, sql: days), Row.fetchAll(db, sql: calls))
            try ReportRollups.restore(db)
            #expect(try Row.fetchAll(db, sql: days) == maintained.0)
            #expect(try Row.fetchAll(db, sql: calls) == maintained.1)
            #expect(maintained.1.count > 1)
        }
    }

    @Test(arguments: [
        "category = 'refunds', category_source = 'manual'", "priority = 'urgent', priority_source = 'manual'",
        "status = 'pending'", "category_source = 'guess'", "category = NULL", "status = NULL",
    ])
    func v6StillRefusesValuesOutsideTheTaxonomy(assignment: String) throws {
        let queue = try v5Database()
        try TicketStore.migrator.migrate(queue)
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE tickets SET \(assignment) WHERE external_id = 'M-1'") }
        }
    }

    /// An upsert must not build temporary indexes row by row (what `IN` lists in a CHECK cost).
    @Test func theImportUpsertBuildsNoTemporaryIndexPerRow() throws {
        let store = try TicketStore()
        try store.writer.write { db in
            let unbound = StatementArguments(Array(repeating: nil as String?, count: 28))
            let program = try Row.fetchAll(db, sql: "EXPLAIN \(TicketUpserter.sql)", arguments: unbound)
                .map { $0["opcode"] as String }
            #expect(program.contains("Insert"))
            #expect(!program.contains("OpenEphemeral"))
        }
    }

    /// Classification reads a page of unlabeled tickets straight from one partial index, in page order: no
    /// sorting of the whole backlog per page, with or without a period and a cursor.
    @Test(arguments: [false, true])
    func candidatePagesWalkTheUnlabeledIndex(withCursorAndPeriod: Bool) throws {
        let queue = try v5Database()
        try TicketStore.migrator.migrate(queue)
        let indexes = try queue.read { db in
            try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'")
        }
        #expect(indexes.contains("tickets_unlabeled"))
        #expect(indexes.isDisjoint(with: ["tickets_category", "tickets_priority", "tickets_status"]))
        let store = try TicketStore()
        let period = withCursorAndPeriod ? Date(timeIntervalSince1970: 1_760_000_000) : nil
        let (sql, arguments) = store.candidatePageQuery(
            since: period, until: period?.addingTimeInterval(86_400 * 30), relabel: false,
            after: withCursorAndPeriod ? .init(createdAt: 1_760_000_000, id: 3) : nil, limit: 10)
        let plan = try queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: arguments).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX tickets_unlabeled") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        // And it finds what it should.
        let found = try queue.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).count }
        let expected = try queue.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT MIN(10, COUNT(*)) FROM tickets NOT INDEXED WHERE (category IS NULL OR priority IS NULL)
                    \(withCursorAndPeriod ? "AND created_at >= 1760000000 AND created_at < 1762592000 AND (created_at, id) > (1760000000, 3)" : "")
                    """)!
        }
        #expect(found == expected && expected > 0)
    }

    /// Tickets stored before v8 carry byte-wise FNV-1a hashes (the two below are what the v7 build stored for
    /// this file): such a store keeps that scheme, so re-importing the file changes nothing. A store without
    /// tickets takes the word-wise scheme, and is as idempotent.
    @Test func v8KeepsTheHashesOfStoredTicketsAndGivesEmptyStoresWordHashes() throws {
        let directory = try TemporaryDirectory()
        let csv = directory.path("tickets.csv")
        let file = """
            id,title,description,category,priority,status,created_at,resolved_at
            T-1,"Refund, please","Charged twice: ""café"" 日本語",billing,,resolved,2026-03-01T10:00:00Z,2026-03-02T11:30:00Z
            T-2,Login,,,,open,1969-12-31T23:59:59Z,

            """
        try file.write(toFile: csv, atomically: true, encoding: .utf8)
        func importFile(into store: TicketStore) throws -> ImportSummary {
            try Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger())
                .run(paths: [csv], options: ImportOptions())
        }

        let legacy = directory.path("legacy.sqlite")
        do {
            let queue = try DatabaseQueue(path: legacy)
            try TicketStore.migrator.migrate(queue, upTo: "v7-unlabeled-index")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO tickets (external_id, title, description, category, category_source, status,
                            created_at, resolved_at, imported_at, content_hash)
                        VALUES ('T-1', 'Refund, please', 'Charged twice: "café" 日本語', 'billing', 'imported', 'resolved',
                            1772359200, 1772451000, 0, 1621213299283021279),
                            ('T-2', 'Login', '', NULL, NULL, 'open', -1, NULL, 0, 4244034637154204417)
                        """)
            }
        }
        let upgraded = try TicketStore(path: legacy)
        #expect(try upgraded.writer.read(ContentHashScheme.of) == .fnv1aBytes)
        let again = try importFile(into: upgraded)
        #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 2))

        let fresh = try TicketStore(path: directory.path("fresh.sqlite"))
        #expect(try fresh.writer.read(ContentHashScheme.of) == .words)
        #expect(try importFile(into: fresh).inserted == 2)
        let second = try importFile(into: fresh)
        #expect((second.inserted, second.updated, second.unchanged) == (0, 0, 2))
        try file.replacingOccurrences(of: "Login,", with: "Login fails,").write(toFile: csv, atomically: true, encoding: .utf8)
        let edited = try importFile(into: fresh)
        #expect((edited.inserted, edited.updated, edited.unchanged) == (0, 1, 1))
    }
}
