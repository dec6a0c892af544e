import GRDB
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

    /// Per value of `dimension`: tickets created and resolved in `[start, end)`, and in the backlog at `end`.
    public func dimension(_ dimension: String, start: Int64, end: Int64) throws -> [DimensionFact] {
        var facts: [String: DimensionFact] = [:]
        func add(_ value: String, created: Int = 0, resolved: Int = 0, backlog: Int = 0) {
            facts[value, default: DimensionFact(value: value)].created += created
            facts[value, default: DimensionFact(value: value)].resolved += resolved
            facts[value, default: DimensionFact(value: value)].backlogEnd += backlog
        }
        let cover = RollupSpan(start: start, end: end).days
        if let days = cover.units {
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT value, SUM(created), SUM(resolved) FROM report_dimensions
                    WHERE dimension = ? AND day >= ? AND day < ? GROUP BY value
                    """, arguments: [dimension, days.lowerBound, days.upperBound])
            {
                add(row[0], created: row[1], resolved: row[2])
            }
        }
        for edge in cover.edges {
            for fact in try edgeFacts(dimension, from: edge.range.lowerBound, to: edge.range.upperBound) {
                add(fact.value, created: edge.sign * fact.created, resolved: edge.sign * fact.resolved)
            }
        }
        let day = Self.nearestDay(end)
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT value, SUM(entered) - SUM(exited) FROM report_dimensions WHERE dimension = ? AND day < ?
                GROUP BY value
                """, arguments: [dimension, day])
        {
            add(row[0], backlog: row[1])
        }
        let (range, sign) = Self.edge(between: day * 86400, and: end)
        for fact in try edgeFacts(dimension, from: range.lowerBound, to: range.upperBound) {
            add(fact.value, backlog: sign * fact.backlogEnd)
        }
        return facts.values.filter { $0.created != 0 || $0.resolved != 0 || $0.backlogEnd != 0 }
            .sorted { $0.value < $1.value }
    }

    /// Per value, from the tickets of `[start, end)`: created and resolved in it, and the backlog's change over
    /// it (as `backlogEnd`), as the triggers count them.
    private func edgeFacts(_ dimension: String, from start: Int64, to end: Int64) throws -> [DimensionFact] {
        guard start < end else { return [] }
        let (source, value) =
            dimension == "tag"
            ? ("tickets, json_each(tickets.tags) AS j", "j.value")
            : ("tickets", dimension == "group" ? "group_name" : dimension)
        var facts: [String: DimensionFact] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT \(value), COUNT(*), SUM(NOT \(Self.untimed)) - SUM(COALESCE(resolved_at < created_at, 0))
                FROM \(source) WHERE created_at >= ? AND created_at < ? AND \(value) IS NOT NULL GROUP BY 1
                """, arguments: [start, end])
        {
            facts[row[0], default: DimensionFact(value: row[0])].created += row[1] as Int
            facts[row[0], default: DimensionFact(value: row[0])].backlogEnd += row[2] as Int
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT \(value), COUNT(*), SUM(resolved_at >= created_at)
                FROM \(source) WHERE resolved_at >= ? AND resolved_at < ? AND \(value) IS NOT NULL GROUP BY 1
                """, arguments: [start, end])
        {
            facts[row[0], default: DimensionFact(value: row[0])].resolved += row[1] as Int
            facts[row[0], default: DimensionFact(value: row[0])].backlogEnd -= row[2] as Int
        }
        return Array(facts.values)
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
        return try Row.fetchAll(
            db,
            sql: """
                SELECT bucket, SUM(tickets) FROM (\(parts.joined(separator: " UNION ALL ")))
                GROUP BY 1 HAVING SUM(tickets) > 0 ORDER BY 1
                """, arguments: StatementArguments(arguments)
        ).map { (ReportRollups.hours(ofBucket: $0[0]), $0[1]) }
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
