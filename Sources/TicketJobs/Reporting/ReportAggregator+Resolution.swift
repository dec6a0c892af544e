import Foundation
import GRDB

extension ReportAggregator {
    /// Count, mean, median and 90th percentile per label. Counts and means come from the grouped counts;
    /// percentiles interpolate linearly between order statistics (numpy's default), read exactly from the
    /// covering index for up to `exactPercentileLimit` resolved tickets, else from the resolution histogram.
    func resolution(
        _ db: Database, column: String, labels: [String], _ groups: [TicketGroup], _ span: RollupSpan
    ) throws -> [String: PeriodReport.ResolutionStats] {
        var counts: [String: Int] = [:]
        var seconds: [String: Int64] = [:]
        for group in groups where group.resolved {
            let label = column == "category" ? group.category : group.priority
            guard !label.isEmpty else { continue }
            counts[label, default: 0] += group.tickets
            seconds[label, default: 0] += group.resolutionSeconds
        }
        let exact = counts.values.reduce(0, +) <= exactPercentileLimit
        let orderStatistics =
            exact
            ? try exactValues(db, column: column, counts: counts, span) : try histogramValues(db, column: column, span)
        var result: [String: PeriodReport.ResolutionStats] = [:]
        for label in labels {
            guard let n = counts[label], n > 0, let valueAt = orderStatistics[label] else {
                result[label] = .init(count: 0, mean: nil, median: nil, p90: nil)
                continue
            }
            func quantile(_ q: Double) -> Double {
                let position = Double(n - 1) * q
                let lower = Int(position.rounded(.down))
                let a = valueAt(lower + 1)
                let b = lower + 2 <= n ? valueAt(lower + 2) : a
                return Self.round(a + (b - a) * (position - Double(lower)), places: 2)
            }
            let mean = Double(seconds[label] ?? 0) / Double(n) / 3600
            result[label] = .init(
                count: n, mean: Self.round(mean, places: 2), median: quantile(0.5), p90: quantile(0.9))
        }
        return result
    }

    /// The ranks (1-based) whose values a median and a 90th percentile of `n` values interpolate between.
    static func ranks(_ n: Int) -> Set<Int> {
        Set(
            [0.5, 0.9].flatMap { q -> [Int] in
                let lower = Int((Double(n - 1) * q).rounded(.down))
                return [lower + 1, min(n, lower + 2)]
            })
    }

    /// Exactly the order statistics the quantiles need, per label: one sorted pass over the covering index.
    private func exactValues(
        _ db: Database, column: String, counts: [String: Int], _ span: RollupSpan
    ) throws -> [String: (Int) -> Double] {
        let wanted = counts.flatMap { label, n in Self.ranks(n).map { (label, $0) } }
        guard !wanted.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                WITH wanted(k, rn) AS (VALUES \(Array(repeating: "(?, ?)", count: wanted.count).joined(separator: ", "))),
                ranked AS (
                    SELECT \(column) AS k, (resolved_at - created_at) / 3600.0 AS h,
                        ROW_NUMBER() OVER (PARTITION BY \(column) ORDER BY resolved_at - created_at) AS rn
                    FROM tickets WHERE created_at >= ? AND created_at < ? AND resolved_at IS NOT NULL AND \(column) IS NOT NULL)
                SELECT ranked.k, ranked.rn, ranked.h FROM ranked JOIN wanted ON wanted.k = ranked.k AND wanted.rn = ranked.rn
                """,
            arguments: StatementArguments(
                (wanted.flatMap { [$0.0.databaseValue, $0.1.databaseValue] }) + [
                    span.start.databaseValue, span.end.databaseValue,
                ]))
        var values: [String: [Int: Double]] = [:]
        for row in rows { values[row["k"], default: [:]][row["rn"]] = row["h"] }
        return values.mapValues { byRank in { rank in byRank[rank] ?? 0 } }
    }

    /// Order statistics from the histogram: the month rollup for whole UTC months, the covering index for the
    /// edges, bucketed alike. A rank's value is its bucket's, within 0.5% of the true one.
    private func histogramValues(_ db: Database, column: String, _ span: RollupSpan) throws -> [String: (Int) -> Double]
    {
        var parts: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let months = span.months {
            parts.append(
                "SELECT label, bucket, tickets FROM report_resolution WHERE kind = ? AND month >= ? AND month < ?")
            arguments += [column, months.lowerBound, months.upperBound]
        }
        for edge in span.monthEdges {
            parts.append(
                """
                SELECT \(column) AS label, \(ReportRollups.bucket(createdAt: "created_at", resolvedAt: "resolved_at")) AS bucket,
                    1 AS tickets FROM tickets
                WHERE created_at >= ? AND created_at < ? AND resolved_at IS NOT NULL AND \(column) IS NOT NULL
                """)
            arguments += [edge.lowerBound, edge.upperBound]
        }
        guard !parts.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT label, bucket, SUM(tickets) AS n FROM (\(parts.joined(separator: " UNION ALL ")))
                GROUP BY 1, 2 HAVING SUM(tickets) > 0 ORDER BY 1, 2
                """, arguments: StatementArguments(arguments.map { $0.databaseValue }))
        var cumulative: [String: [(upTo: Int, hours: Double)]] = [:]
        for row in rows {
            let label: String = row["label"]
            let previous = cumulative[label]?.last?.upTo ?? 0
            cumulative[label, default: []].append(
                (previous + (row["n"] as Int), ReportRollups.hours(ofBucket: row["bucket"])))
        }
        return cumulative.mapValues { buckets in
            { rank in
                // The first bucket whose cumulative count reaches the rank.
                var low = 0
                var high = buckets.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if buckets[middle].upTo >= rank { high = middle } else { low = middle + 1 }
                }
                return buckets[max(0, high)].hours
            }
        }
    }
}
