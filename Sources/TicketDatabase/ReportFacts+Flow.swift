import GRDB
import GRDBSQLite
import TicketModel

/// Flow and backlog over the whole store: cumulative day rollups (`report_flow`) up to the UTC day an instant
/// falls in, and the tickets themselves for the rest of that day, through the indexes on creation and
/// resolution. Never a scan of the store.
extension ReportFacts {
    /// A ticket resolved or closed without a resolution time: never in the backlog, counted apart.
    static let untimed = "(resolved_at IS NULL AND (status = 'resolved' OR status = 'closed'))"

    /// Backlog, resolutions and tickets closed without a time before each instant (epoch seconds).
    public func flow(before instants: [Int64]) throws -> [FlowFact] {
        guard let lastDay = instants.map({ Self.nearestDay($0) }).max() else { return [] }
        let days = try Row.fetchAll(
            db,
            sql: """
                SELECT day, SUM(entered) - SUM(exited), SUM(resolved), SUM(untimed) FROM report_flow
                WHERE day < ? GROUP BY day ORDER BY day
                """, arguments: [lastDay]
        ).map { (day: $0[0] as Int64, fact: FlowFact(backlog: $0[1], resolved: $0[2], untimed: $0[3])) }
        return try instants.map { instant in
            let day = Self.nearestDay(instant)
            var fact = FlowFact()
            for entry in days where entry.day < day {
                fact.backlog += entry.fact.backlog
                fact.resolved += entry.fact.resolved
                fact.untimed += entry.fact.untimed
            }
            let (range, sign) = Self.edge(between: day * 86400, and: instant)
            for edge in try edgeCounts(from: range.lowerBound, to: range.upperBound) {
                fact.backlog += sign * edge.backlog
                fact.resolved += sign * edge.resolved
                fact.untimed += sign * edge.untimed
            }
            return fact
        }
    }

    /// The UTC day boundary nearer to `instant` (as a day number): the rollups sum the days before it, and the
    /// tickets between it and the instant are read one by one.
    static func nearestDay(_ instant: Int64) -> Int64 {
        let day = RollupSpan.floorDivide(instant, 86400)
        return instant - day * 86400 <= (day + 1) * 86400 - instant ? day : day + 1
    }

    /// The instants between a day boundary and an instant, and whether they are added (1) or subtracted (−1).
    static func edge(between boundary: Int64, and instant: Int64) -> (Range<Int64>, Int) {
        boundary <= instant ? (boundary..<instant, 1) : (instant..<boundary, -1)
    }

    /// The backlog at `instant` by category and priority (bucket 0).
    public func backlogByLabel(at instant: Int64) throws -> [LabelCount] {
        let day = Self.nearestDay(instant)
        var counts: [String: [String: Int]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT category, priority, SUM(entered) - SUM(exited) FROM report_flow WHERE day < ? GROUP BY 1, 2
                """, arguments: [day])
        {
            counts[row[0], default: [:]][row[1], default: 0] += row[2] as Int
        }
        let (range, sign) = Self.edge(between: day * 86400, and: instant)
        for (category, priorities) in try edgeCountsByLabel(from: range.lowerBound, to: range.upperBound) {
            for (priority, fact) in priorities {
                counts[category, default: [:]][priority, default: 0] += sign * fact.backlog
            }
        }
        return counts.flatMap { category, priorities in
            priorities.map { LabelCount(category: category, priority: $0.key, bucket: 0, tickets: $0.value) }
        }.filter { $0.tickets != 0 }
    }

    /// Tickets in the backlog at `instant` created less than `bounds.last` seconds before it, by labels and age
    /// bucket: bucket i holds ages in [bounds[i-1], bounds[i]) (from 0 for the first).
    public func backlogAge(at instant: Int64, bounds: [Int64]) throws -> [LabelCount] {
        // Ages in [lower, bound): created in (instant - bound, instant - lower], before the instant.
        let windows = bounds.enumerated().map { bucket, bound in
            (instant - bound + 1)..<(bucket == 0 ? instant : instant - bounds[bucket - 1] + 1)
        }
        return try backlog(at: instant, createdIn: windows).labelCounts
    }

    /// The tickets created in `[start, end)` that are in the backlog at `end` (open at the end of a period), or
    /// nil when `start` lies more than the cohorts' 31 days before `end`.
    public func backlogCreated(from start: Int64, to end: Int64) throws -> Int? {
        guard end - start <= Self.cohortReach else { return nil }
        return try backlog(at: end, createdIn: [start..<end]).labelCounts.reduce(0) { $0 + $1.tickets }
    }

    /// How far before an instant the cohorts tell whether a ticket is in the backlog: their stays end at 32 days.
    static let cohortReach: Int64 = 31 * 86400

    /// The tickets in the backlog at `instant` created in each window (a bucket per window; none reaching more
    /// than `cohortReach` before `instant`).
    ///
    /// A window's whole UTC days before the day boundary nearest `instant` are read from the cohorts (those
    /// still in the backlog at that boundary), corrected by the ones resolved between the boundary and `instant`;
    /// the rest (its partial days, and the part of the instant's day before it) from the tickets. Where the
    /// boundary lies after `instant`, the tickets created between them are subtracted as the cohorts counted
    /// them (every ticket that entered the backlog), which is what the ticket-by-ticket condition below says of
    /// a ticket created at or after `instant`.
    func backlog(at instant: Int64, createdIn windows: [Range<Int64>]) throws -> BacklogAgeCounts {
        precondition(windows.allSatisfy { instant - $0.lowerBound <= Self.cohortReach }, "beyond the cohorts")
        let day = Self.nearestDay(instant)
        let dayStart = day * 86400
        var counts = BacklogAgeCounts(buckets: windows.count)
        // Whole days (by bucket), and the ranges read ticket by ticket (with the bucket and sign they count in).
        var wholeDays: [(days: Range<Int64>, bucket: Int)] = []
        var ranges: [(range: Range<Int64>, bucket: Int, sign: Int)] = []
        for (bucket, created) in windows.enumerated() {
            let beforeDay = created.lowerBound..<max(created.lowerBound, min(created.upperBound, dayStart))
            if !beforeDay.isEmpty {
                let cover = RollupSpan(start: beforeDay.lowerBound, end: beforeDay.upperBound).days
                if let days = cover.units { wholeDays.append((days, bucket)) }
                ranges += cover.edges.map { ($0.range, bucket, $0.sign) }
            }
            let onDay = max(created.lowerBound, dayStart)..<max(created.lowerBound, dayStart, created.upperBound)
            if !onDay.isEmpty { ranges.append((onDay, bucket, 1)) }
        }
        if let first = wholeDays.map(\.days.lowerBound).min() {
            func bucket(ofDay created: Int64) -> Int? { wholeDays.first { $0.days.contains(created) }?.bucket }
            // In the backlog at the boundary: a stay reaching the boundary's day.
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT day, category, priority, SUM(tickets) FROM report_backlog_cohorts
                    WHERE day >= ?1 AND day < ?2 AND stay >= ?2 - day GROUP BY day, category, priority
                    """, arguments: [first, day])
            {
                guard let bucket = bucket(ofDay: row[0]) else { continue }
                counts.add(category: row[1], priority: row[2], bucket: bucket, tickets: row[3])
            }
            // Less those resolved since the boundary, or plus those resolved between the instant and it.
            let (resolved, sign) = Self.edge(between: dayStart, and: instant)
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT created_at, COALESCE(category, ''), COALESCE(priority, '') FROM tickets INDEXED BY tickets_resolution
                    WHERE resolved_at >= ?1 AND resolved_at < ?2 AND resolved_at IS NOT NULL
                        AND created_at >= ?3 AND created_at < ?4 AND resolved_at >= created_at
                    """, arguments: [resolved.lowerBound, resolved.upperBound, first * 86400, dayStart])
            {
                guard let bucket = bucket(ofDay: RollupSpan.floorDivide(row[0], 86400)) else { continue }
                counts.add(category: row[1], priority: row[2], bucket: bucket, tickets: -sign)
            }
        }
        for (range, bucket, sign) in ranges {
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(category, ''), COALESCE(priority, ''), COUNT(*) FROM tickets INDEXED BY tickets_report
                    WHERE created_at >= ?2 AND created_at < ?3
                        AND (CASE WHEN resolved_at IS NULL THEN status != 'resolved' AND status != 'closed'
                            ELSE resolved_at >= ?1 AND resolved_at >= created_at END)
                    GROUP BY 1, 2
                    """, arguments: [instant, range.lowerBound, range.upperBound])
            {
                counts.add(category: row[0], priority: row[1], bucket: bucket, tickets: sign * (row[2] as Int))
            }
        }
        return counts
    }

    /// Tickets that spent 30 days or more in the backlog, or have not left it: every backlog ticket older than
    /// 30 days at any instant is one of them (the partial index `tickets_long_open`, which repeats this).
    static let longOpen = "(resolved_at IS NULL OR resolved_at - created_at >= 2592000)"

    /// The oldest tickets in the backlog at `instant`, from the whole store, in order of creation (then of
    /// storing): those older than 30 days from the partial index of long-open tickets, the younger ones from
    /// the 30 days before the instant, each read only up to the tenth. A title is read up to 1,000 characters:
    /// the report shows 200, and a title may hold megabytes.
    public func oldestInBacklog(at instant: Int64, limit: Int = 10) throws -> [OpenTicketFact] {
        let inBacklog = """
            (CASE WHEN resolved_at IS NULL THEN status != 'resolved' AND status != 'closed' ELSE resolved_at >= ?1 END)
            """
        let young = "created_at > ?1 - 2592000 AND created_at < ?1 AND \(inBacklog)"
        // The creation time of the tenth young ticket in the backlog, as a bound of its own: SQLite walks the
        // index only up to a bound it is given as a value, not up to a subquery's.
        let cut = try Int64.fetchOne(
            db,
            sql: """
                SELECT created_at FROM tickets INDEXED BY tickets_report WHERE \(young)
                ORDER BY created_at LIMIT 1 OFFSET ?2 - 1
                """, arguments: [instant, limit]) ?? instant - 1
        return try Row.fetchAll(
            db,
            sql: """
                SELECT t.external_id, substr(t.title, 1, 1000) AS title, t.created_at, t.category, t.priority FROM (
                    SELECT id, created_at FROM (
                        SELECT id, created_at FROM tickets INDEXED BY tickets_long_open
                        WHERE \(Self.longOpen) AND created_at <= ?1 - 2592000 AND \(inBacklog)
                        ORDER BY created_at, id LIMIT ?2)
                    UNION ALL
                    SELECT id, created_at FROM (
                        SELECT id, created_at FROM tickets INDEXED BY tickets_report
                        WHERE created_at > ?1 - 2592000 AND created_at <= ?3 AND \(inBacklog)
                        ORDER BY created_at, id LIMIT ?2)
                ) AS c JOIN tickets t ON t.id = c.id
                ORDER BY c.created_at, c.id LIMIT ?2
                """, arguments: [instant, limit, cut]
        ).map {
            OpenTicketFact(
                externalID: $0["external_id"], title: $0["title"], createdAt: $0["created_at"], category: $0["category"],
                priority: $0["priority"])
        }
    }

    /// The flow of `[start, end)` (part of one UTC day) read from the tickets, as the rollups count it.
    private func edgeCounts(from start: Int64, to end: Int64) throws -> [FlowFact] {
        try edgeCountsByLabel(from: start, to: end).values.flatMap(\.values)
    }

    /// The same by category and priority ("" where missing).
    private func edgeCountsByLabel(from start: Int64, to end: Int64) throws -> [String: [String: FlowFact]] {
        guard start < end else { return [:] }
        let labels = "COALESCE(category, '') AS c, COALESCE(priority, '') AS p"
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c, p, SUM(backlog), SUM(resolved), SUM(untimed) FROM (
                    SELECT \(labels), NOT \(Self.untimed) - COALESCE(resolved_at < created_at, 0) AS backlog,
                        0 AS resolved, \(Self.untimed) AS untimed
                    FROM tickets INDEXED BY tickets_report WHERE created_at >= ?1 AND created_at < ?2
                    UNION ALL
                    SELECT \(labels), -(resolved_at >= created_at), 1, 0
                    FROM tickets INDEXED BY tickets_resolution
                    WHERE resolved_at >= ?1 AND resolved_at < ?2 AND resolved_at IS NOT NULL)
                GROUP BY 1, 2
                """, arguments: [start, end])
        var counts: [String: [String: FlowFact]] = [:]
        for row in rows {
            counts[row[0], default: [:]][row[1]] = FlowFact(backlog: row[2], resolved: row[3], untimed: row[4])
        }
        return counts
    }
}
