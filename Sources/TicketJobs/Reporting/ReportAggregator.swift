import Foundation
import GRDB

/// Computes a period report's figures in SQL: counts, groupings and percentiles run in SQLite over the
/// `created_at` covering index; Swift only arranges the few grouped rows that come back.
public struct ReportAggregator {
    public let store: TicketStore

    public init(store: TicketStore) {
        self.store = store
    }

    public func report(for period: ReportPeriod, generatedAt: Date) throws -> PeriodReport {
        try store.writer.read { db in
            let (start, end) = period.instants
            let range: StatementArguments = [Self.seconds(start), Self.seconds(end)]
            let daily = try dailyCounts(db, period)
            let totals = try totals(db, range)
            let grouped = try Row.fetchAll(
                db,
                sql: """
                    SELECT category, priority, status, COUNT(*) AS n FROM tickets
                    WHERE created_at >= ? AND created_at < ? GROUP BY category, priority, status
                    """, arguments: range)
            var category = Dictionary(uniqueKeysWithValues: Category.allCases.map { ($0.rawValue, 0) })
            var priority = Dictionary(uniqueKeysWithValues: Priority.allCases.map { ($0.rawValue, 0) })
            var status = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, 0) })
            var matrix = Dictionary(uniqueKeysWithValues: Category.allCases.map { c in
                (c.rawValue, Dictionary(uniqueKeysWithValues: Priority.allCases.map { ($0.rawValue, 0) }))
            })
            for row in grouped {
                let n: Int = row["n"]
                let c: String? = row["category"]
                let p: String? = row["priority"]
                let s: String = row["status"]
                if let c { category[c, default: 0] += n }
                if let p { priority[p, default: 0] += n }
                status[s, default: 0] += n
                if let c, let p { matrix[c, default: [:]][p, default: 0] += n }
            }
            let count = totals.tickets
            func share(_ values: [String: Int]) -> [String: Double] {
                values.mapValues { count == 0 ? 0 : Self.round(Double($0) / Double(count), places: 4) }
            }
            let activeDays = daily.filter { $0.tickets > 0 }.count
            let previous = period.previous
            let previousInstants = previous.instants
            let previousTotals = try self.totals(db, [Self.seconds(previousInstants.start), Self.seconds(previousInstants.end)])
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
                    "category": try resolution(db, column: "category", labels: Category.allCases.map(\.rawValue), range),
                    "priority": try resolution(db, column: "priority", labels: Priority.allCases.map(\.rawValue), range),
                ],
                previousPeriod: .init(
                    label: previous.label, start: previous.start, end: previous.end, totals: previousTotals,
                    change: [
                        "tickets": change(totals.tickets, previousTotals.tickets),
                        "unlabeled": change(totals.unlabeled, previousTotals.unlabeled),
                        "open_at_end": change(totals.openAtEnd, previousTotals.openAtEnd),
                    ]),
                labelSources: try labelSources(db, range),
                classification: try classification(db, range),
                oldestOpen: try oldestOpen(db, range))
        }
    }

    /// One indexed range count per day; the day boundaries come from Swift so that DST days have 23 or 25 hours.
    private func dailyCounts(_ db: Database, _ period: ReportPeriod) throws -> [PeriodReport.Day] {
        let days = period.allDays
        let bounds: [[any DatabaseValueConvertible]] = days.map { day in
            [day.description, Self.seconds(day.start(in: period.timeZone)),
             Self.seconds(day.adding(days: 1).start(in: period.timeZone))]
        }
        var result: [PeriodReport.Day] = []
        // Chunks keep the statement under SQLite's bound-parameter limit for long ranges.
        let chunk = 3000
        for offset in stride(from: 0, to: days.count, by: chunk) {
            let upper = min(offset + chunk, days.count)
            let chunkArguments = StatementArguments(bounds[offset..<upper].flatMap { $0 }.map { $0.databaseValue })
            let rows = try Row.fetchAll(
                db,
                sql: """
                    WITH days(day, start, finish) AS (VALUES \(Array(repeating: "(?, ?, ?)", count: upper - offset).joined(separator: ", ")))
                    SELECT day, (SELECT COUNT(*) FROM tickets WHERE created_at >= days.start AND created_at < days.finish) AS n
                    FROM days
                    """, arguments: chunkArguments)
            result += rows.map { PeriodReport.Day(date: CivilDate($0["day"])!, tickets: $0["n"]) }
        }
        return result
    }

    private func totals(_ db: Database, _ range: StatementArguments) throws -> PeriodReport.Totals {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) AS tickets,
                    COALESCE(SUM(category IS NULL OR priority IS NULL), 0) AS unlabeled,
                    COALESCE(SUM(CASE
                        WHEN resolved_at IS NOT NULL THEN resolved_at >= ?2
                        ELSE status IN ('open', 'in_progress') END), 0) AS open_at_end
                FROM tickets WHERE created_at >= ?1 AND created_at < ?2
                """, arguments: range)!
        return .init(tickets: row["tickets"], unlabeled: row["unlabeled"], openAtEnd: row["open_at_end"])
    }

    /// Count, mean, median and 90th percentile (linear interpolation, as numpy's default) per label.
    private func resolution(
        _ db: Database, column: String, labels: [String], _ range: StatementArguments
    ) throws -> [String: PeriodReport.ResolutionStats] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                WITH r AS (
                    SELECT \(column) AS k, (resolved_at - created_at) / 3600.0 AS h FROM tickets
                    WHERE created_at >= ? AND created_at < ? AND resolved_at IS NOT NULL AND \(column) IS NOT NULL),
                ranked AS (
                    SELECT k, h, ROW_NUMBER() OVER (PARTITION BY k ORDER BY h) AS rn,
                        COUNT(*) OVER (PARTITION BY k) AS n, AVG(h) OVER (PARTITION BY k) AS mean FROM r)
                SELECT k, h, rn, n, mean FROM ranked
                WHERE rn IN (CAST((n - 1) * 0.5 AS INTEGER) + 1, CAST((n - 1) * 0.5 AS INTEGER) + 2,
                             CAST((n - 1) * 0.9 AS INTEGER) + 1, CAST((n - 1) * 0.9 AS INTEGER) + 2)
                ORDER BY k, rn
                """, arguments: range)
        var byLabel: [String: [Row]] = [:]
        for row in rows { byLabel[row["k"], default: []].append(row) }
        var result: [String: PeriodReport.ResolutionStats] = [:]
        for label in labels {
            guard let group = byLabel[label], let first = group.first else {
                result[label] = .init(count: 0, mean: nil, median: nil, p90: nil)
                continue
            }
            let n: Int = first["n"]
            let values = Dictionary(group.map { ($0["rn"] as Int, $0["h"] as Double) }, uniquingKeysWith: { a, _ in a })
            func quantile(_ q: Double) -> Double {
                let position = Double(n - 1) * q
                let lower = Int(position.rounded(.down))
                let fraction = position - Double(lower)
                let a = values[lower + 1]!
                let b = values[lower + 2] ?? a
                return Self.round(a + (b - a) * fraction, places: 2)
            }
            result[label] = .init(
                count: n, mean: Self.round(first["mean"], places: 2), median: quantile(0.5), p90: quantile(0.9))
        }
        return result
    }

    private func labelSources(_ db: Database, _ range: StatementArguments) throws -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for kind in ["category", "priority"] {
            var counts = Dictionary(uniqueKeysWithValues: LabelSource.allCases.map { ($0.rawValue, 0) })
            counts["none"] = 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(\(kind)_source, 'none') AS source, COUNT(*) AS n FROM tickets
                    WHERE created_at >= ? AND created_at < ? GROUP BY 1
                    """, arguments: range)
            for row in rows { counts[row["source"]] = row["n"] }
            result[kind] = counts
        }
        return result
    }

    private func classification(_ db: Database, _ range: StatementArguments) throws -> PeriodReport.Classification {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) AS requests, COALESCE(SUM(c.cost_usd), 0) AS cost FROM classification_calls c
                JOIN tickets t ON t.id = c.ticket_id WHERE t.created_at >= ? AND t.created_at < ?
                """, arguments: range)!
        return .init(requests: row["requests"], costUSD: Self.round(row["cost"], places: 4))
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

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func round(_ value: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
