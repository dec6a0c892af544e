import GRDB
import GRDBSQLite
import TicketModel

/// Breakdowns by the export's own columns, from `report_dimensions` (per UTC day and value: created, entering
/// and leaving the backlog, resolved) and the tickets of the edges, as the flow is read; first-response hours
/// from their histogram per month of creation.
extension ReportFacts {
    /// The columns a report breaks down by, as `report_dimensions` names them.
    public static let dimensions = ["group", "assignee", "channel", "tag", "satisfaction"]

    /// The dimensions any ticket of the store has a value of.
    public func dimensionsPresent() throws -> [String] {
        try Self.dimensions.filter { dimension in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM report_dimensions WHERE dimension = ?
                        AND (created != 0 OR entered != 0 OR exited != 0 OR resolved != 0))
                    """, arguments: [dimension]) ?? false
        }
    }

    /// Per dimension of `names` and per value: tickets created and resolved in `[start, end)`, and in the backlog
    /// at `end`. The edges' tickets are read once for every dimension: a row of the table per ticket, which the
    /// indexes on creation and resolution do not cover, read five times cost more than all the rest.
    public func dimensions(_ names: [String], start: Int64, end: Int64) throws -> [String: [DimensionFact]] {
        var facts: [String: [String: DimensionFact]] = [:]
        func add(_ dimension: String, _ value: String, created: Int = 0, resolved: Int = 0, backlog: Int = 0) {
            Self.tally(&facts, dimension, value, created: created, resolved: resolved, backlog: backlog)
        }
        let cover = RollupSpan(start: start, end: end).days
        let day = Self.nearestDay(end)
        for dimension in names {
            if let days = cover.units {
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT value, SUM(created), SUM(resolved) FROM report_dimensions
                        WHERE dimension = ? AND day >= ? AND day < ? GROUP BY value
                        """, arguments: [dimension, days.lowerBound, days.upperBound])
                {
                    add(dimension, row[0], created: row[1], resolved: row[2])
                }
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT value, SUM(entered) - SUM(exited) FROM report_dimensions WHERE dimension = ? AND day < ?
                    GROUP BY value
                    """, arguments: [dimension, day])
            {
                add(dimension, row[0], backlog: row[1])
            }
        }
        let wanted = Set(names)
        for edge in cover.edges {
            for (dimension, fact) in try edgeFacts(from: edge.range.lowerBound, to: edge.range.upperBound)
            where wanted.contains(dimension) {
                add(dimension, fact.value, created: edge.sign * fact.created, resolved: edge.sign * fact.resolved)
            }
        }
        let (range, sign) = Self.edge(between: day * 86400, and: end)
        for (dimension, fact) in try edgeFacts(from: range.lowerBound, to: range.upperBound)
        where wanted.contains(dimension) {
            add(dimension, fact.value, backlog: sign * fact.backlogEnd)
        }
        return facts.mapValues { values in
            values.values.filter { $0.created != 0 || $0.resolved != 0 || $0.backlogEnd != 0 }
                .sorted { $0.value < $1.value }
        }
    }

    /// Adds to a value's counts, by dimension and value, in one lookup.
    private static func tally(
        _ facts: inout [String: [String: DimensionFact]], _ dimension: String, _ value: String, created: Int,
        resolved: Int, backlog: Int
    ) {
        facts[dimension, default: [:]][value, default: DimensionFact(value: value)].add(
            created: created, resolved: resolved, backlogEnd: backlog)
    }

    /// Per dimension and value, from the tickets of `[start, end)`: created and resolved in it, and the backlog's
    /// change over it (as `backlogEnd`), as the triggers count them: one row per tag (or one without), the
    /// ticket's own columns counted on its first.
    private func edgeFacts(from start: Int64, to end: Int64) throws -> [(String, DimensionFact)] {
        guard start < end else { return [] }
        var facts: [String: [String: DimensionFact]] = [:]
        let columns = "t.group_name, t.assignee, t.channel, t.satisfaction, j.value, j.key IS NULL OR j.key = 0"
        func count(_ row: Row, created: Int, resolved: Int, backlog: Int) {
            let first: Bool = row[5]
            for (index, dimension) in ["group", "assignee", "channel", "satisfaction", "tag"].enumerated()
            where index == 4 || first {
                guard let value: String = row[index] else { continue }
                Self.tally(&facts, dimension, value, created: created, resolved: resolved, backlog: backlog)
            }
        }
        let created = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(columns), NOT \(Self.untimed) - COALESCE(t.resolved_at < t.created_at, 0)
                FROM tickets t LEFT JOIN json_each(t.tags) AS j WHERE t.created_at >= ? AND t.created_at < ?
                """, arguments: [start, end])
        while let row = try created.next() { count(row, created: 1, resolved: 0, backlog: row[6]) }
        let resolved = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(columns), t.resolved_at >= t.created_at
                FROM tickets t LEFT JOIN json_each(t.tags) AS j WHERE t.resolved_at >= ? AND t.resolved_at < ?
                """, arguments: [start, end])
        while let row = try resolved.next() { count(row, created: 0, resolved: 1, backlog: -(row[6] as Int)) }
        return facts.flatMap { dimension, values in values.values.map { (dimension, $0) } }
    }

    /// Whether any ticket of the store has a first response.
    public func anyFirstResponse() throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_first_response WHERE tickets != 0)") ?? false
    }

    /// Hours from creation to first response of the tickets created in `[start, end)` that have one, in order,
    /// as a histogram (1% buckets): the month rollup and the edges' tickets.
    public func firstResponseHistogram(start: Int64, end: Int64) throws -> [(hours: Double, tickets: Int)] {
        let cover = RollupSpan(start: start, end: end).months
        var parts: [String] = []
        var arguments: [DatabaseValue] = []
        if let months = cover.units {
            parts.append("SELECT bucket, tickets FROM report_first_response WHERE month >= ? AND month < ?")
            arguments += [months.lowerBound.databaseValue, months.upperBound.databaseValue]
        }
        for edge in cover.edges {
            parts.append(
                """
                SELECT \(ReportRollups.bucket(createdAt: "created_at", resolvedAt: "first_response_at")) AS bucket,
                    \(edge.sign) AS tickets
                FROM tickets INDEXED BY tickets_first_response
                WHERE created_at >= ? AND created_at < ? AND first_response_at IS NOT NULL
                """)
            arguments += [edge.range.lowerBound.databaseValue, edge.range.upperBound.databaseValue]
        }
        guard !parts.isEmpty else { return [] }
        // Summed here: SQLite's GROUP BY sorted a week's edge rows first, which took longer than reading them.
        let statement = try db.makeStatement(sql: parts.joined(separator: " UNION ALL "))
        try statement.setArguments(StatementArguments(arguments))
        let handle = statement.sqliteStatement
        var buckets: [Int: Int] = [:]
        try SQLiteBinding.forEachRow(handle) {
            buckets[Int(sqlite3_column_int64(handle, 0)), default: 0] += Int(sqlite3_column_int64(handle, 1))
        }
        return buckets.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            .map { (ReportRollups.hours(ofBucket: $0.key), $0.value) }
    }

    /// The first-response hours at the given ranks (1-based, in order; none below zero), exactly.
    public func firstResponseHours(ranks: [Int], start: Int64, end: Int64) throws -> [Int: Double] {
        guard !ranks.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                WITH ranked AS (
                    SELECT MAX(first_response_at - created_at, 0) / 3600.0 AS h,
                        ROW_NUMBER() OVER (ORDER BY MAX(first_response_at - created_at, 0)) AS rn
                    FROM tickets INDEXED BY tickets_first_response
                    WHERE created_at >= ? AND created_at < ? AND first_response_at IS NOT NULL)
                SELECT rn, h FROM ranked WHERE rn IN (\(ranks.map(String.init).joined(separator: ", ")))
                """, arguments: [start, end])
        return Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
    }
}
