import Foundation
import GRDB

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
/// A first load into an empty table suspends the triggers and the secondary indexes and rebuilds both once
/// at the end: a single sorted pass instead of a million random index updates. A run that dies meanwhile
/// leaves them missing, and the next open of the store rebuilds them (`ensure`).
enum ReportRollups {
    /// Resolution-hour histogram buckets grow by 1%: a bucket's value is within 0.5% of every value in it.
    static let bucketGrowth = 1.01
    /// The bucket of a ticket resolved no later than it was created (zero hours).
    static let zeroBucket = -1_000_000

    // MARK: Bucketing, shared by the triggers and the report's raw edges

    /// `value` divided by `unit`, rounded down also for instants before 1970.
    static func floorDivide(_ value: String, _ unit: Int) -> String {
        "((\(value) - (((\(value)) % \(unit)) + \(unit)) % \(unit)) / \(unit))"
    }

    static func hour(_ createdAt: String) -> String { floorDivide(createdAt, 3600) }
    static func day(_ createdAt: String) -> String { floorDivide(createdAt, 86400) }

    /// Months since year 0, in UTC: year × 12 + month − 1.
    static func month(_ createdAt: String) -> String {
        "(CAST(strftime('%Y', \(createdAt), 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', \(createdAt), 'unixepoch') AS INTEGER) - 1)"
    }

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

    // MARK: Schema

    static let tables = """
        CREATE TABLE IF NOT EXISTS report_hours (
            hour INTEGER PRIMARY KEY,
            tickets INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- Labels, statuses and sources as '' when missing: a primary key cannot match NULLs.
        CREATE TABLE IF NOT EXISTS report_days (
            day INTEGER NOT NULL,
            category TEXT NOT NULL,
            priority TEXT NOT NULL,
            status TEXT NOT NULL,
            category_source TEXT NOT NULL,
            priority_source TEXT NOT NULL,
            resolved INTEGER NOT NULL,
            tickets INTEGER NOT NULL,
            resolution_seconds INTEGER NOT NULL,
            PRIMARY KEY (day, category, priority, status, category_source, priority_source, resolved)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS report_resolution (
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            month INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            tickets INTEGER NOT NULL,
            PRIMARY KEY (kind, label, month, bucket)
        ) WITHOUT ROWID;
        -- Set while a first import has the triggers suspended: by which process, since when.
        CREATE TABLE IF NOT EXISTS report_rollup_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            suspended_by INTEGER NOT NULL,
            suspended_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS report_calls (
            day INTEGER PRIMARY KEY,
            requests INTEGER NOT NULL,
            cost_usd REAL NOT NULL
        ) WITHOUT ROWID;
        """

    /// A ticket missing a label: what classification looks for.
    static let unlabeledCondition = "(category IS NULL OR priority IS NULL)"

    /// Indexes on `tickets` other than its primary and unique keys; a first load builds them at the end.
    static let secondaryIndexes: [(name: String, columns: String)] = [
        // Every column a report reads, so its raw edges and short periods never touch the table.
        (
            "tickets_report",
            "tickets(created_at, category, priority, status, category_source, priority_source, resolved_at)"
        ),
        ("tickets_resolved", "tickets(resolved_at, created_at) WHERE resolved_at IS NOT NULL"),
        // Classification's pages of unlabeled tickets, in the order it reads them; the query repeats this
        // condition word for word, which is what lets SQLite use a partial index.
        ("tickets_unlabeled", "tickets(created_at, id) WHERE \(unlabeledCondition)"),
    ]

    /// Adds (`sign` +1) or removes (−1) ticket `row` (NEW or OLD) to or from the rollups; the hourly counts
    /// only with `hours` (a relabel leaves them alone, and every label update runs this).
    private static func apply(_ row: String, _ sign: Int, hours: Bool = true) -> String {
        let created = "\(row).created_at"
        let resolved = "\(row).resolved_at"
        let histogram = ["category", "priority"].map { kind in
            """
            INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                SELECT '\(kind)', \(row).\(kind), \(month(created)), \(bucket(createdAt: created, resolvedAt: resolved)), \(sign)
                WHERE \(resolved) IS NOT NULL AND \(row).\(kind) IS NOT NULL
                ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
            """
        }
        return """
            \(hours ? countHour(row, sign) : "")
            INSERT INTO report_days (day, category, priority, status, category_source, priority_source, resolved, tickets,
                    resolution_seconds)
                SELECT \(dayKey(of: row)), \(sign), \(sign) * COALESCE(\(resolved) - \(created), 0) WHERE true
                ON CONFLICT (day, category, priority, status, category_source, priority_source, resolved)
                DO UPDATE SET tickets = tickets + excluded.tickets,
                    resolution_seconds = resolution_seconds + excluded.resolution_seconds;
            \(histogram.joined(separator: "\n"))
            """
    }

    /// A ticket's `report_days` key, each column named as in the table: for trigger row `row` (NEW or OLD),
    /// or for the rows of a query over `tickets` (nil). The triggers, the rebuild and the report's edges all
    /// group tickets by this one definition.
    static func dayKey(of row: String?) -> String {
        let column = { (name: String) in row.map { "\($0).\(name)" } ?? name }
        return """
            \(day(column("created_at"))) AS day, COALESCE(\(column("category")), '') AS category,
            COALESCE(\(column("priority")), '') AS priority, \(column("status")) AS status,
            COALESCE(\(column("category_source")), '') AS category_source,
            COALESCE(\(column("priority_source")), '') AS priority_source, \(column("resolved_at")) IS NOT NULL AS resolved
            """
    }

    private static func countHour(_ row: String, _ sign: Int) -> String {
        """
        INSERT INTO report_hours (hour, tickets) VALUES (\(hour("\(row).created_at")), \(sign))
            ON CONFLICT (hour) DO UPDATE SET tickets = tickets + excluded.tickets;
        """
    }

    /// Moves a ticket's classification calls between days when its creation day changes.
    private static func moveCalls(_ row: String, _ sign: Int) -> String {
        """
        INSERT INTO report_calls (day, requests, cost_usd)
            SELECT \(day("\(row).created_at")), \(sign) * COUNT(*), \(sign) * COALESCE(SUM(cost_usd), 0)
            FROM classification_calls WHERE ticket_id = \(row).id
            ON CONFLICT (day) DO UPDATE SET requests = requests + excluded.requests, cost_usd = cost_usd + excluded.cost_usd;
        """
    }

    static let ticketTriggers: [(name: String, sql: String)] = [
        ("tickets_rollup_insert", "AFTER INSERT ON tickets BEGIN \(apply("NEW", 1)) END"),
        ("tickets_rollup_delete", "AFTER DELETE ON tickets BEGIN \(apply("OLD", -1)) END"),
        (
            "tickets_rollup_update",
            """
            AFTER UPDATE OF created_at, resolved_at, category, priority, status, category_source, priority_source ON tickets
            WHEN OLD.created_at IS NOT NEW.created_at OR OLD.resolved_at IS NOT NEW.resolved_at
                OR OLD.category IS NOT NEW.category OR OLD.priority IS NOT NEW.priority OR OLD.status IS NOT NEW.status
                OR OLD.category_source IS NOT NEW.category_source OR OLD.priority_source IS NOT NEW.priority_source
            BEGIN \(apply("OLD", -1, hours: false)) \(apply("NEW", 1, hours: false)) END
            """
        ),
        (
            "tickets_rollup_move_hour",
            """
            AFTER UPDATE OF created_at ON tickets WHEN \(hour("OLD.created_at")) != \(hour("NEW.created_at"))
            BEGIN \(countHour("OLD", -1)) \(countHour("NEW", 1)) END
            """
        ),
        (
            "tickets_rollup_move_calls",
            """
            AFTER UPDATE OF created_at ON tickets WHEN \(day("OLD.created_at")) != \(day("NEW.created_at"))
            BEGIN \(moveCalls("OLD", -1)) \(moveCalls("NEW", 1)) END
            """
        ),
    ]

    static let callTriggers: [(name: String, sql: String)] = [
        (
            "classification_calls_rollup_insert",
            """
            AFTER INSERT ON classification_calls BEGIN
                INSERT INTO report_calls (day, requests, cost_usd)
                    SELECT \(day("created_at")), 1, COALESCE(NEW.cost_usd, 0) FROM tickets WHERE id = NEW.ticket_id
                    ON CONFLICT (day) DO UPDATE SET requests = requests + 1, cost_usd = cost_usd + excluded.cost_usd;
            END
            """
        ),
        // A deleted ticket's calls leave with it (before the cascade removes them); a call deleted on its own
        // leaves its day, found through its ticket (gone already when the call goes by the cascade).
        ("tickets_rollup_delete_calls", "BEFORE DELETE ON tickets BEGIN \(moveCalls("OLD", -1)) END"),
        (
            "classification_calls_rollup_delete",
            """
            AFTER DELETE ON classification_calls BEGIN
                UPDATE report_calls SET requests = requests - 1, cost_usd = cost_usd - COALESCE(OLD.cost_usd, 0)
                WHERE day = (SELECT \(day("created_at")) FROM tickets WHERE id = OLD.ticket_id);
            END
            """
        ),
    ]

    // MARK: Life cycle

    /// Creates everything and fills the rollups from the tickets (the migration, and `ensure`).
    static func create(_ db: Database) throws {
        try db.execute(sql: tables)
        try restore(db)
    }

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

    /// Builds the indexes, refills the rollups from the tickets in one pass each, and recreates the triggers.
    /// With `counted`, the ticket rollups are those counts (a first load's, taken as it inserted every ticket)
    /// instead of a scan of the tickets.
    static func restore(_ db: Database, counted: RollupCounter? = nil) throws {
        try createIndexes(db)
        try db.execute(
            sql: "DELETE FROM report_hours; DELETE FROM report_days; DELETE FROM report_resolution; DELETE FROM report_calls")
        if let counted {
            try counted.write(db)
        } else {
            try db.execute(
                sql: """
                    INSERT INTO report_hours (hour, tickets) SELECT \(hour("created_at")), COUNT(*) FROM tickets GROUP BY 1;
                    INSERT INTO report_days (day, category, priority, status, category_source, priority_source, resolved, tickets,
                            resolution_seconds)
                        SELECT \(dayKey(of: nil)), COUNT(*),
                            COALESCE(SUM(resolved_at - created_at), 0)
                        FROM tickets GROUP BY 1, 2, 3, 4, 5, 6, 7;
                    INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                        SELECT 'category', category, \(month("created_at")), \(bucket(createdAt: "created_at", resolvedAt: "resolved_at")), COUNT(*)
                        FROM tickets WHERE resolved_at IS NOT NULL AND category IS NOT NULL GROUP BY 2, 3, 4;
                    INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                        SELECT 'priority', priority, \(month("created_at")), \(bucket(createdAt: "created_at", resolvedAt: "resolved_at")), COUNT(*)
                        FROM tickets WHERE resolved_at IS NOT NULL AND priority IS NOT NULL GROUP BY 2, 3, 4;
                    """)
        }
        try db.execute(
            sql: """
                INSERT INTO report_calls (day, requests, cost_usd)
                    SELECT \(day("t.created_at")), COUNT(*), COALESCE(SUM(c.cost_usd), 0)
                    FROM classification_calls c JOIN tickets t ON t.id = c.ticket_id GROUP BY 1;
                """)
        try createTriggers(db)
        try db.execute(sql: "DELETE FROM report_rollup_state")
    }

    static func createIndexes(_ db: Database) throws {
        for index in secondaryIndexes {
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(index.name) ON \(index.columns)")
        }
    }

    static func createTriggers(_ db: Database) throws {
        for trigger in ticketTriggers + callTriggers {
            try db.execute(sql: "CREATE TRIGGER IF NOT EXISTS \(trigger.name) \(trigger.sql)")
        }
    }

    static func dropTriggers(_ db: Database) throws {
        for trigger in ticketTriggers + callTriggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger.name)") }
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

    /// Whether every trigger and index exists and no first load has them suspended.
    static func isComplete(_ db: Database) throws -> Bool {
        guard try !isSuspended(db) else { return false }
        let names = (ticketTriggers + callTriggers).map(\.name) + secondaryIndexes.map(\.name)
        let present = try String.fetchSet(
            db,
            sql:
                "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index') AND tbl_name IN ('tickets', 'classification_calls')"
        )
        return names.allSatisfy(present.contains)
    }

    /// Rebuilds what a first load left undone, unless that first load is still running (it rebuilds them
    /// itself when it ends).
    static func ensure(_ db: Database) throws {
        if try !isComplete(db), try suspendingProcess(db) == nil { try restore(db) }
    }
}
