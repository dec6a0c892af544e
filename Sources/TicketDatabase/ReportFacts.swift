import Foundation
import GRDB
import GRDBSQLite
import TicketModel

/// A consistent read of what a period report is made of: counts from the rollups that triggers keep
/// (`ReportRollups`) for the whole UTC days and months of a span, and from the covering index for its edges.
/// Every method returns plain values; the report's arithmetic is the reporting stage's.
public struct ReportFacts {
    let db: Database

    /// Tickets created in each `[start, end)` (epoch seconds): the hourly rollup for the day's whole UTC hours,
    /// the covering index for the rest (time zones whose offset is not whole hours).
    public func ticketsCreated(in days: [(start: Int64, end: Int64)]) throws -> [Int] {
        var result: [Int] = []
        // Chunks keep the statement under SQLite's bound-parameter limit for long ranges.
        let chunk = 2000
        for offset in stride(from: 0, to: days.count, by: chunk) {
            let upper = min(offset + chunk, days.count)
            let bounds = days[offset..<upper].enumerated().flatMap { index, day -> [DatabaseValue] in
                [
                    index.databaseValue, day.start.databaseValue, day.end.databaseValue,
                    RollupSpan.ceilingDivide(day.start, 3600).databaseValue,
                    RollupSpan.floorDivide(day.end, 3600).databaseValue,
                ]
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    WITH days(i, start, finish, first_hour, end_hour) AS (VALUES \(Array(repeating: "(?, ?, ?, ?, ?)", count: upper - offset).joined(separator: ", ")))
                    SELECT i,
                        (SELECT COALESCE(SUM(tickets), 0) FROM report_hours WHERE hour >= days.first_hour AND hour < days.end_hour)
                        + (SELECT COUNT(*) FROM tickets WHERE created_at >= days.start AND created_at < MIN(days.finish, days.first_hour * 3600))
                        + (SELECT COUNT(*) FROM tickets WHERE created_at >= MAX(days.start, days.end_hour * 3600) AND created_at < days.finish)
                        AS n
                    FROM days ORDER BY i
                    """, arguments: StatementArguments(bounds))
            result += rows.map { $0["n"] as Int }
        }
        return result
    }

    /// Tickets created in `[start, end)` grouped by labels, status, sources and whether resolved, with their
    /// resolution seconds: the day rollup for whole UTC days, the covering index for the edges. The rows are
    /// summed here: SQLite's GROUP BY sorted a year's 36,000 rollup rows in a temporary b-tree first, which took
    /// three times as long as reading them.
    public func groupedCounts(start: Int64, end: Int64) throws -> [TicketGroup] {
        let span = RollupSpan(start: start, end: end)
        var parts: [String] = []
        var arguments: [DatabaseValue] = []
        let cover = span.days
        if let days = cover.units {
            parts.append(
                """
                SELECT day, category, priority, status, category_source, priority_source, resolved, tickets,
                    resolution_seconds
                FROM report_days WHERE day >= ? AND day < ?
                """)
            arguments += [days.lowerBound.databaseValue, days.upperBound.databaseValue]
        }
        for edge in cover.edges {
            parts.append(
                """
                SELECT \(ReportRollups.dayKey), \(edge.sign) AS tickets,
                    \(edge.sign) * COALESCE(resolved_at - created_at, 0) AS resolution_seconds
                FROM tickets WHERE created_at >= ? AND created_at < ?
                """)
            arguments += [edge.range.lowerBound.databaseValue, edge.range.upperBound.databaseValue]
        }
        guard !parts.isEmpty else { return [] }
        let statement = try db.makeStatement(sql: parts.joined(separator: " UNION ALL "))
        try statement.setArguments(StatementArguments(arguments))
        let handle = statement.sqliteStatement
        // Columns 1-5 are text, each numbered by its interner; a group's key packs their numbers (each below
        // 2^12) after `resolved` (column 6).
        var interners = Array(repeating: LabelInterner(), count: 5)
        var sums: [Int: (tickets: Int, seconds: Int64)] = [:]
        try SQLiteBinding.forEachRow(handle) {
            var key = Int(sqlite3_column_int64(handle, 6)) & 1
            for text in 0..<5 {
                key = key << 12 | interners[text].index(column: Int32(text + 1), of: handle)
            }
            sums[key, default: (0, 0)].tickets += Int(sqlite3_column_int64(handle, 7))
            sums[key, default: (0, 0)].seconds += sqlite3_column_int64(handle, 8)
        }
        return sums.sorted { $0.key < $1.key }.compactMap { key, sum -> TicketGroup? in
            guard sum.tickets != 0 else { return nil }
            var labels = Array(repeating: "", count: 5)
            var rest = key
            for text in (0..<5).reversed() {
                labels[text] = interners[text].labels[rest & 0xFFF]
                rest >>= 12
            }
            return TicketGroup(
                category: labels[0], priority: labels[1], status: labels[2], categorySource: labels[3],
                prioritySource: labels[4], resolved: rest == 1, tickets: sum.tickets, resolutionSeconds: sum.seconds)
        }
    }

    /// Tickets created in `[start, end)` and resolved at or after `end`. `ticketCount` (the span's tickets)
    /// chooses the index with fewer entries to walk: the span's tickets, or those resolved after it.
    public func resolvedAfterEnd(start: Int64, end: Int64, ticketCount: Int) throws -> Int {
        let index = ticketCount <= 100_000 ? "tickets_report" : "tickets_resolution"
        return try Int.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) FROM tickets INDEXED BY \(index)
                WHERE resolved_at >= ?2 AND created_at >= ?1 AND created_at < ?2
                """, arguments: [start, end]) ?? 0
    }

    /// Requests made to the API for the tickets created in `[start, end)`, and their cost.
    public func classificationCalls(start: Int64, end: Int64) throws -> (requests: Int, costUSD: Double) {
        let span = RollupSpan(start: start, end: end)
        var requests = 0
        var cost = 0.0
        let cover = span.days
        if let days = cover.units {
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(cost_usd), 0) AS cost FROM report_calls
                    WHERE day >= ? AND day < ?
                    """, arguments: [days.lowerBound, days.upperBound])!
            requests += row["requests"] as Int
            cost += row["cost"] as Double
        }
        for edge in cover.edges {
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS requests, COALESCE(SUM(c.cost_usd), 0) AS cost FROM tickets t
                    JOIN classification_calls c ON c.ticket_id = t.id
                    WHERE t.created_at >= ? AND t.created_at < ? AND \(ReportRollups.apiRequest("c"))
                    """, arguments: [edge.range.lowerBound, edge.range.upperBound])!
            requests += edge.sign * (row["requests"] as Int)
            cost += Double(edge.sign) * (row["cost"] as Double)
        }
        return (requests, cost)
    }

    /// The resolution hours at the given ranks (1-based, in order of resolution time; none below zero, as in the
    /// histogram) per label of `kind`, for
    /// the resolved tickets created (or resolved) in `[start, end)`: exact, in one sorted pass over an index that
    /// covers them.
    public func resolutionHours(
        kind: LabelKind, ranks wanted: [(label: String, rank: Int)], start: Int64, end: Int64,
        window: ResolutionWindow = .created
    ) throws -> [String: [Int: Double]] {
        guard !wanted.isEmpty else { return [:] }
        let column = kind.rawValue
        let rows = try Row.fetchAll(
            db,
            sql: """
                WITH wanted(k, rn) AS (VALUES \(Array(repeating: "(?, ?)", count: wanted.count).joined(separator: ", "))),
                ranked AS (
                    SELECT \(column) AS k, MAX(resolved_at - created_at, 0) / 3600.0 AS h,
                        ROW_NUMBER() OVER (PARTITION BY \(column) ORDER BY MAX(resolved_at - created_at, 0)) AS rn
                    FROM tickets WHERE \(window.column) >= ? AND \(window.column) < ? AND resolved_at IS NOT NULL
                        AND \(column) IS NOT NULL)
                SELECT ranked.k, ranked.rn, ranked.h FROM ranked JOIN wanted ON wanted.k = ranked.k AND wanted.rn = ranked.rn
                """,
            arguments: StatementArguments(
                wanted.flatMap { [$0.label.databaseValue, $0.rank.databaseValue] } + [
                    start.databaseValue, end.databaseValue,
                ]))
        var values: [String: [Int: Double]] = [:]
        for row in rows { values[row["k"], default: [:]][row["rn"]] = row["h"] }
        return values
    }

    /// The resolution-hour histograms per label of both kinds ("category", "priority") for the resolved tickets
    /// created (or resolved) in `[start, end)`, in order of hours: the month rollup for whole UTC months, an
    /// index for the edges, bucketed alike. A bucket's hours are within 0.5% of every value in it. The edges'
    /// tickets are read once for both kinds and counted here: SQLite's GROUP BY sorted them first, which took
    /// longer than reading them.
    public func resolutionHistograms(
        start: Int64, end: Int64, window: ResolutionWindow = .created
    ) throws -> [String: [String: [(hours: Double, tickets: Int)]]] {
        // kind → label → bucket → tickets
        var counts: [String: [String: [Int: Int]]] = [:]
        let cover = RollupSpan(start: start, end: end).months
        if let months = cover.units {
            // Summed here rather than by a GROUP BY, which sorted the rows first (twice as long as reading them).
            let statement = try db.makeStatement(
                sql: "SELECT kind, label, bucket, tickets FROM \(window.table) WHERE month >= ? AND month < ?")
            try statement.setArguments([months.lowerBound, months.upperBound])
            let handle = statement.sqliteStatement
            var kinds = LabelInterner()
            var labels = LabelInterner()
            var byLabel: [Int: [Int: Int]] = [:]
            try SQLiteBinding.forEachRow(handle) {
                let key = kinds.index(column: 0, of: handle) << 16 | labels.index(column: 1, of: handle)
                byLabel[key, default: [:]][Int(sqlite3_column_int64(handle, 2)), default: 0] +=
                    Int(sqlite3_column_int64(handle, 3))
            }
            for (key, buckets) in byLabel {
                counts[kinds.labels[key >> 16], default: [:]][labels.labels[key & 0xFFFF]] = buckets
            }
        }
        for edge in cover.edges {
            let statement = try db.makeStatement(
                sql: """
                    SELECT category, priority, \(ReportRollups.bucket(createdAt: "created_at", resolvedAt: "resolved_at"))
                    FROM tickets INDEXED BY \(window == .created ? "tickets_report" : "tickets_resolution")
                    WHERE \(window.column) >= ? AND \(window.column) < ? AND resolved_at IS NOT NULL
                    """)
            try statement.setArguments([edge.range.lowerBound, edge.range.upperBound])
            let handle = statement.sqliteStatement
            var categories = LabelInterner()
            var priorities = LabelInterner()
            var byCategory: [Int: [Int: Int]] = [:]
            var byPriority: [Int: [Int: Int]] = [:]
            try SQLiteBinding.forEachRow(handle) {
                let bucket = Int(sqlite3_column_int64(handle, 2))
                if sqlite3_column_type(handle, 0) != SQLITE_NULL {
                    byCategory[categories.index(column: 0, of: handle), default: [:]][bucket, default: 0] += edge.sign
                }
                if sqlite3_column_type(handle, 1) != SQLITE_NULL {
                    byPriority[priorities.index(column: 1, of: handle), default: [:]][bucket, default: 0] += edge.sign
                }
            }
            for (label, buckets) in byCategory {
                for (bucket, tickets) in buckets {
                    counts["category", default: [:]][categories.labels[label], default: [:]][bucket, default: 0] += tickets
                }
            }
            for (label, buckets) in byPriority {
                for (bucket, tickets) in buckets {
                    counts["priority", default: [:]][priorities.labels[label], default: [:]][bucket, default: 0] += tickets
                }
            }
        }
        return counts.mapValues { labels in
            labels.mapValues { buckets in
                buckets.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                    .map { (ReportRollups.hours(ofBucket: $0.key), $0.value) }
            }.filter { !$0.value.isEmpty }
        }
    }
}

extension TicketStore {
    /// Reads report facts in one snapshot. Throws while a first import has the rollups suspended.
    public func reportFacts<T>(_ body: (ReportFacts) throws -> T) throws -> T {
        try read { db in
            if try !ReportRollups.isComplete(db) {
                if let pid = try ReportRollups.suspendingProcess(db) { throw StoreError.firstImportRunning(pid: pid) }
                throw StoreError.migrationFailed(
                    reason: "the report rollups are incomplete; reopen the database to rebuild them")
            }
            return try body(ReportFacts(db: db))
        }
    }
}

extension ReportFacts {
    /// The taxonomy, read in the same transaction as the figures: reports zero-fill over its labels, in order.
    public func taxonomy() throws -> Taxonomy { try StoreTaxonomy.read(db) }
}
