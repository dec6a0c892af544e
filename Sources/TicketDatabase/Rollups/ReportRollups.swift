import Foundation
import GRDB
import TicketModel

#if canImport(Glibc)
    import Glibc
#endif

/// Aggregates that triggers keep beside `tickets`, so that a report over a long period reads a few thousand
/// rollup rows instead of every ticket: tickets per UTC hour (the daily series in any time zone), per UTC day
/// and combination of labels, status and resolution (totals, breakdowns, label sources, resolution sums),
/// a histogram of resolution hours per UTC month (percentiles of large periods), and classification calls
/// per UTC day. Where a period does not cover whole UTC days or months, the report reads its edges from the
/// tickets themselves, through the covering index.
///
/// This one unit owns the rollups: their tables, triggers and indexes come from the migrations (literal SQL),
/// the first-load counter and the rebuild are `RollupCounter`, and the SQL fragments below group a report's
/// edges the way the triggers group everything else. A first load into an empty table suspends the triggers
/// and the secondary indexes and rebuilds both once at the end: a single sorted pass instead of a million
/// random index updates. A run that dies meanwhile leaves them missing, and the next open of the store
/// rebuilds them (`ensure`).
enum ReportRollups {
    /// Resolution-hour histogram buckets grow by 1%: a bucket's value is within 0.5% of every value in it.
    static let bucketGrowth = 1.01
    /// The bucket of a ticket resolved no later than it was created (zero hours).
    static let zeroBucket = -1_000_000

    // MARK: Bucketing of the report's raw edges, as the triggers bucket everything else

    /// `value` divided by `unit`, rounded down also for instants before 1970.
    static func floorDivide(_ value: String, _ unit: Int) -> String {
        "((\(value) - (((\(value)) % \(unit)) + \(unit)) % \(unit)) / \(unit))"
    }

    static func day(_ createdAt: String) -> String { floorDivide(createdAt, 86400) }

    static func bucket(createdAt: String, resolvedAt: String) -> String {
        """
        (CASE WHEN \(resolvedAt) <= \(createdAt) THEN \(zeroBucket)
            ELSE CAST(round(ln((\(resolvedAt) - \(createdAt)) / 3600.0) / ln(\(bucketGrowth))) AS INTEGER) END)
        """
    }

    /// The hours a bucket stands for.
    static func hours(ofBucket bucket: Int) -> Double {
        bucket == zeroBucket ? 0 : Foundation.pow(bucketGrowth, Double(bucket))
    }

    /// A classification call that was a request to the API (what the call rollups count), for alias `call`.
    static func apiRequest(_ call: String) -> String {
        "\(call).provider = 'anthropic' AND \(call).status != 'reused'"
    }

    // MARK: Schema

    /// A ticket missing a label: what classification looks for. The page query repeats the condition of the
    /// partial index `tickets_unlabeled` word for word, which is what lets SQLite use it.
    static let unlabeledCondition = "(category IS NULL OR priority IS NULL)"

    /// Indexes on `tickets` other than its primary and unique keys, as the newest migrations define them; a first
    /// load builds them at the end.
    static let secondaryIndexes: [(name: String, sql: String)] = StoreMigrations.v15Indexes

    /// The triggers that keep the rollups, as the newest migration that changed each defines it (v5, v10 for
    /// the call rollups, v11 for flow and backlog, v12 for the export's own columns, v17 for the backlog's
    /// cohorts).
    static let triggers: [(name: String, sql: String)] = StoreMigrations.v15Triggers + StoreMigrations.v17Triggers

    /// A ticket's `report_days` key over the rows of a query on `tickets`, each column named as in the table:
    /// how a report's edges group the tickets the rollups do not cover, as the triggers group the rest.
    static let dayKey = """
        \(day("created_at")) AS day, COALESCE(category, '') AS category, COALESCE(priority, '') AS priority,
        status AS status, COALESCE(category_source, '') AS category_source,
        COALESCE(priority_source, '') AS priority_source, resolved_at IS NOT NULL AS resolved
        """

    // MARK: Life cycle

    /// Drops the triggers and secondary indexes before a first load into an empty table, noting which
    /// process did, so that nobody rebuilds them under it.
    static func suspend(_ db: Database) throws {
        try db.execute(
            sql:
                "INSERT OR REPLACE INTO report_rollup_state (id, suspended_by, suspended_at) VALUES (1, ?, strftime('%s', 'now'))",
            arguments: [Int(getpid())])
        try dropTriggers(db)
        for index in secondaryIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
    }

    /// Builds the indexes, refills the rollups from the tickets in one scan, and recreates the triggers, each
    /// as the newest migration defines it. With `counted`, the ticket rollups are those counts (a first load's,
    /// taken as it inserted every ticket) instead of a scan.
    static func restore(_ db: Database, counted: RollupCounter? = nil) throws {
        let present = try schemaText(db)
        for index in secondaryIndexes where present[index.name] != index.sql {
            try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)")
            try db.execute(sql: index.sql)
        }
        try db.execute(
            sql: """
                DELETE FROM report_hours; DELETE FROM report_days; DELETE FROM report_resolution; DELETE FROM report_calls;
                DELETE FROM report_flow; DELETE FROM report_resolved_hours; DELETE FROM report_dimensions;
                DELETE FROM report_first_response; DELETE FROM report_backlog_cohorts
                """)
        try (counted ?? RollupCounter.counting(db)).write(db)
        try db.execute(
            sql: """
                INSERT INTO report_calls (day, requests, cost_usd)
                    SELECT \(day("t.created_at")), COUNT(*), COALESCE(SUM(c.cost_usd), 0)
                    FROM classification_calls c JOIN tickets t ON t.id = c.ticket_id
                    WHERE \(apiRequest("c")) GROUP BY 1;
                """)
        try dropTriggers(db)
        for trigger in triggers { try db.execute(sql: trigger.sql) }
        try db.execute(sql: "DELETE FROM report_rollup_state")
    }

    static func dropTriggers(_ db: Database) throws {
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger.name)") }
    }

    /// The SQL text of the store's triggers and indexes on the tickets and calls, by name.
    private static func schemaText(_ db: Database) throws -> [String: String] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master
                WHERE type IN ('trigger', 'index') AND tbl_name IN ('tickets', 'classification_calls') AND sql IS NOT NULL
                """)
        return Dictionary(rows.map { ($0["name"], $0["sql"]) }, uniquingKeysWith: { first, _ in first })
    }

    /// The live process whose first import has the rollups suspended, if any.
    static func suspendingProcess(_ db: Database) throws -> Int? {
        guard let pid = try Int.fetchOne(db, sql: "SELECT suspended_by FROM report_rollup_state") else { return nil }
        return ProcessLiveness.isOtherProcessRunning(pid: pid) ? pid : nil
    }

    /// Whether a first load (running or dead) has the triggers and secondary indexes suspended.
    static func isSuspended(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_rollup_state)") ?? false
    }

    /// Whether every trigger and index exists with the text the newest migrations give it, and no first load has
    /// them suspended. A trigger changed by hand (or by a release that edited one in place) counts as missing.
    static func isComplete(_ db: Database) throws -> Bool {
        guard try !isSuspended(db) else { return false }
        let present = try schemaText(db)
        return (triggers + secondaryIndexes).allSatisfy { present[$0.name] == $0.sql }
    }

    /// Whether a first load left the rollups undone and is no longer running (one that runs rebuilds them itself
    /// when it ends).
    static func needsRebuild(_ db: Database) throws -> Bool {
        try !isComplete(db) && suspendingProcess(db) == nil
    }

    /// Rebuilds what a first load left undone, unless that first load is still running.
    static func ensure(_ db: Database) throws {
        if try needsRebuild(db) { try restore(db) }
    }
}
