import Foundation
import GRDB

/// Computes a period report's figures in SQL: over the rollups that triggers keep (`ReportRollups`) for the
/// whole UTC days and months of the period, and over the covering index for its edges. Swift only arranges
/// the few hundred grouped rows that come back.
public struct ReportAggregator {
    public let store: TicketStore
    /// Up to this many resolved tickets, medians and 90th percentiles are exact; above it they come from the
    /// resolution histogram, within 0.5%.
    public var exactPercentileLimit = 5_000
    /// Periods with up to this many tickets count those resolved after the period from its own tickets.
    static let resolvedLaterScanLimit = 100_000

    public init(store: TicketStore) {
        self.store = store
    }

    public func report(for period: ReportPeriod, generatedAt: Date) throws -> PeriodReport {
        try store.writer.read { db in
            if try !ReportRollups.isComplete(db) {
                if let pid = try ReportRollups.suspendingProcess(db) { throw ReportError.firstImportRunning(pid: pid) }
                throw StoreError.migrationFailed(reason: "the report rollups are incomplete; reopen the database to rebuild them")
            }
            let (start, end) = period.instants
            let span = RollupSpan(start: UTCTimestamp.epochSeconds(start), end: UTCTimestamp.epochSeconds(end))
            let daily = try dailyCounts(db, period)
            let groups = try groupedCounts(db, span)
            let totals = try self.totals(db, groups, span)
            var category = Dictionary(uniqueKeysWithValues: Category.allCases.map { ($0.rawValue, 0) })
            var priority = Dictionary(uniqueKeysWithValues: Priority.allCases.map { ($0.rawValue, 0) })
            var status = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, 0) })
            var matrix = Dictionary(uniqueKeysWithValues: Category.allCases.map { c in
                (c.rawValue, Dictionary(uniqueKeysWithValues: Priority.allCases.map { ($0.rawValue, 0) }))
            })
            for group in groups {
                if !group.category.isEmpty { category[group.category, default: 0] += group.tickets }
                if !group.priority.isEmpty { priority[group.priority, default: 0] += group.tickets }
                status[group.status, default: 0] += group.tickets
                if !group.category.isEmpty, !group.priority.isEmpty {
                    matrix[group.category, default: [:]][group.priority, default: 0] += group.tickets
                }
            }
            let count = totals.tickets
            func share(_ values: [String: Int]) -> [String: Double] {
                values.mapValues { count == 0 ? 0 : Self.round(Double($0) / Double(count), places: 4) }
            }
            let activeDays = daily.filter { $0.tickets > 0 }.count
            let previous = period.previous
            let previousInstants = previous.instants
            let previousSpan = RollupSpan(start: UTCTimestamp.epochSeconds(previousInstants.start), end: UTCTimestamp.epochSeconds(previousInstants.end))
            let previousTotals = try self.totals(db, try groupedCounts(db, previousSpan), previousSpan)
            func change(_ now: Int, _ before: Int) -> PeriodReport.Change {
                PeriodReport.Change(
                    absolute: now - before,
                    percent: before == 0 ? nil : Self.round(Double(now - before) / Double(before) * 100, places: 2))
            }
            return PeriodReport(
                generatedAt: ISO8601DateFormatter().string(from: generatedAt),
                period: .init(
                    label: period.label, start: period.start, end: period.end, timezone: period.timeZoneName,
                    days: period.days),
                totals: totals,
                daily: daily,
                avgTicketsPerDay: Self.round(Double(count) / Double(period.days), places: 2),
                avgTicketsPerActiveDay: activeDays == 0 ? 0 : Self.round(Double(count) / Double(activeDays), places: 2),
                breakdowns: .init(category: category, priority: priority, status: status),
                shares: .init(category: share(category), priority: share(priority), status: share(status)),
                categoryByPriority: matrix,
                resolutionHours: [
                    "category": try resolution(db, column: "category", labels: Category.allCases.map(\.rawValue), groups, span),
                    "priority": try resolution(db, column: "priority", labels: Priority.allCases.map(\.rawValue), groups, span),
                ],
                previousPeriod: .init(
                    label: previous.label, start: previous.start, end: previous.end, totals: previousTotals,
                    change: [
                        "tickets": change(totals.tickets, previousTotals.tickets),
                        "unlabeled": change(totals.unlabeled, previousTotals.unlabeled),
                        "open_at_end": change(totals.openAtEnd, previousTotals.openAtEnd),
                    ]),
                labelSources: labelSources(groups),
                classification: try classification(db, span),
                oldestOpen: try oldestOpen(db, [span.start, span.end]))
        }
    }

    /// Tickets per calendar day of the period: the hourly rollup for the day's whole UTC hours, the covering
    /// index for the rest (time zones whose offset is not whole hours). Day boundaries come from Swift, so DST
    /// days have 23 or 25 hours.
    private func dailyCounts(_ db: Database, _ period: ReportPeriod) throws -> [PeriodReport.Day] {
        let days = period.allDays
        let bounds: [[any DatabaseValueConvertible]] = days.map { day in
            let start = UTCTimestamp.epochSeconds(day.start(in: period.timeZone))
            let finish = UTCTimestamp.epochSeconds(day.adding(days: 1).start(in: period.timeZone))
            return [day.description, start, finish, RollupSpan.ceilingDivide(start, 3600), RollupSpan.floorDivide(finish, 3600)]
        }
        var result: [PeriodReport.Day] = []
        // Chunks keep the statement under SQLite's bound-parameter limit for long ranges.
        let chunk = 2000
        for offset in stride(from: 0, to: days.count, by: chunk) {
            let upper = min(offset + chunk, days.count)
            let chunkArguments = StatementArguments(bounds[offset..<upper].flatMap { $0 }.map { $0.databaseValue })
            let rows = try Row.fetchAll(
                db,
                sql: """
                    WITH days(day, start, finish, first_hour, end_hour) AS (VALUES \(Array(repeating: "(?, ?, ?, ?, ?)", count: upper - offset).joined(separator: ", ")))
                    SELECT day,
                        (SELECT COALESCE(SUM(tickets), 0) FROM report_hours WHERE hour >= days.first_hour AND hour < days.end_hour)
                        + (SELECT COUNT(*) FROM tickets WHERE created_at >= days.start AND created_at < MIN(days.finish, days.first_hour * 3600))
                        + (SELECT COUNT(*) FROM tickets WHERE created_at >= MAX(days.start, days.end_hour * 3600) AND created_at < days.finish)
                        AS n
                    FROM days
                    """, arguments: chunkArguments)
            result += rows.map { PeriodReport.Day(date: CivilDate($0["day"])!, tickets: $0["n"]) }
        }
        return result
    }

    /// Tickets of the span grouped by labels, status, sources and whether resolved, with their resolution
    /// seconds: the day rollup for whole UTC days, the covering index for the edges.
    func groupedCounts(_ db: Database, _ span: RollupSpan) throws -> [TicketGroup] {
        var parts: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let days = span.days {
            parts.append("""
                SELECT day, category, priority, status, category_source, priority_source, resolved, tickets,
                    resolution_seconds
                FROM report_days WHERE day >= ? AND day < ?
                """)
            arguments += [days.lowerBound, days.upperBound]
        }
        for edge in span.dayEdges {
            parts.append("""
                SELECT \(ReportRollups.dayKey(of: nil)), 1 AS tickets,
                    COALESCE(resolved_at - created_at, 0) AS resolution_seconds
                FROM tickets WHERE created_at >= ? AND created_at < ?
                """)
            arguments += [edge.lowerBound, edge.upperBound]
        }
        guard !parts.isEmpty else { return [] }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT category, priority, status, category_source, priority_source, resolved, SUM(tickets) AS tickets,
                    SUM(resolution_seconds) AS seconds
                FROM (\(parts.joined(separator: " UNION ALL "))) GROUP BY 1, 2, 3, 4, 5, 6
                """, arguments: StatementArguments(arguments.map { $0.databaseValue })
        ).map(TicketGroup.init(row:)).filter { $0.tickets != 0 }
    }

    /// Totals from the groups; open at the end also counts tickets resolved only after it.
    private func totals(_ db: Database, _ groups: [TicketGroup], _ span: RollupSpan) throws -> PeriodReport.Totals {
        // Through whichever index holds fewer entries to walk: the period's tickets, or those resolved after it.
        let ticketCount = groups.reduce(0) { $0 + $1.tickets }
        let index = ticketCount <= Self.resolvedLaterScanLimit ? "tickets_report" : "tickets_resolved"
        let resolvedLater = try Int.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) FROM tickets INDEXED BY \(index)
                WHERE resolved_at >= ?2 AND created_at >= ?1 AND created_at < ?2
                """, arguments: [span.start, span.end]) ?? 0
        var totals = PeriodReport.Totals(tickets: 0, unlabeled: 0, openAtEnd: resolvedLater)
        for group in groups {
            totals.tickets += group.tickets
            if group.category.isEmpty || group.priority.isEmpty { totals.unlabeled += group.tickets }
            if !group.resolved, group.status == Status.open.rawValue || group.status == Status.inProgress.rawValue {
                totals.openAtEnd += group.tickets
            }
        }
        return totals
    }

    private func labelSources(_ groups: [TicketGroup]) -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for kind in ["category", "priority"] {
            var counts = Dictionary(uniqueKeysWithValues: LabelSource.allCases.map { ($0.rawValue, 0) })
            counts["none"] = 0
            for group in groups {
                let source = kind == "category" ? group.categorySource : group.prioritySource
                counts[source.isEmpty ? "none" : source, default: 0] += group.tickets
            }
            result[kind] = counts
        }
        return result
    }

    /// Calls made for the span's tickets: the day rollup, and the calls of the edges' tickets.
    private func classification(_ db: Database, _ span: RollupSpan) throws -> PeriodReport.Classification {
        var requests = 0
        var cost = 0.0
        if let days = span.days {
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(cost_usd), 0) AS cost FROM report_calls
                    WHERE day >= ? AND day < ?
                    """, arguments: [days.lowerBound, days.upperBound])!
            requests += row["requests"] as Int
            cost += row["cost"] as Double
        }
        for edge in span.dayEdges {
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS requests, COALESCE(SUM(c.cost_usd), 0) AS cost FROM tickets t
                    JOIN classification_calls c ON c.ticket_id = t.id WHERE t.created_at >= ? AND t.created_at < ?
                    """, arguments: [edge.lowerBound, edge.upperBound])!
            requests += row["requests"] as Int
            cost += row["cost"] as Double
        }
        return .init(requests: requests, costUSD: Self.round(cost, places: 4))
    }

    private func oldestOpen(_ db: Database, _ range: StatementArguments) throws -> [PeriodReport.OpenTicket] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT external_id, title, created_at, category, priority FROM tickets
                WHERE created_at >= ?1 AND created_at < ?2
                    AND (CASE WHEN resolved_at IS NOT NULL THEN resolved_at >= ?2 ELSE status IN ('open', 'in_progress') END)
                ORDER BY created_at, external_id LIMIT 10
                """, arguments: range
        ).map {
            .init(
                id: $0["external_id"], title: $0["title"],
                createdAt: UTCTimestamp.format(epochSeconds: $0["created_at"]), category: $0["category"],
                priority: $0["priority"])
        }
    }

    static func round(_ value: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
