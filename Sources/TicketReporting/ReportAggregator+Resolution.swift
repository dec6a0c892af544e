import Foundation
import TicketModel
import TicketDatabase

extension ReportAggregator {
    /// Count, mean, median and 90th percentile per label. Counts and means come from the grouped counts;
    /// percentiles interpolate linearly between order statistics (numpy's default), read exactly from the
    /// covering index for up to `exactPercentileLimit` resolved tickets, else from the resolution histogram.
    func resolution(
        _ facts: ReportFacts, kind: LabelKind, labels: [String], _ groups: [TicketGroup], _ span: ReportSpan,
        histograms: () throws -> [String: [String: [(hours: Double, tickets: Int)]]]
    ) throws -> [String: PeriodReport.ResolutionStats] {
        var counts: [String: Int] = [:]
        var seconds: [String: Int64] = [:]
        for group in groups where group.resolved {
            let label = kind == .category ? group.category : group.priority
            guard !label.isEmpty else { continue }
            counts[label, default: 0] += group.tickets
            seconds[label, default: 0] += group.resolutionSeconds
        }
        let exact = counts.values.reduce(0, +) <= exactPercentileLimit
        let orderStatistics =
            exact
            ? try exactValues(facts, kind: kind, counts: counts, span)
            : Self.histogramValues(try histograms()[kind.rawValue] ?? [:])
        var result: [String: PeriodReport.ResolutionStats] = [:]
        for label in labels {
            guard let n = counts[label], n > 0, let valueAt = orderStatistics[label] else {
                result[label] = .init(count: 0, mean: nil, median: nil, p90: nil)
                continue
            }
            let mean = Double(seconds[label] ?? 0) / Double(n) / 3600
            result[label] = .init(
                count: n, mean: Self.round(mean, places: 2), median: Self.quantile(0.5, of: n, valueAt),
                p90: Self.quantile(0.9, of: n, valueAt))
        }
        return result
    }

    /// The `q` quantile of `n` values given by rank (1-based), interpolated linearly, to two places.
    static func quantile(_ q: Double, of n: Int, _ valueAt: (Int) -> Double) -> Double {
        let position = Double(n - 1) * q
        let lower = Int(position.rounded(.down))
        let a = valueAt(lower + 1)
        let b = lower + 2 <= n ? valueAt(lower + 2) : a
        return round(a + (b - a) * (position - Double(lower)), places: 2)
    }

    /// The ranks (1-based) whose values a median and a 90th percentile of `n` values interpolate between.
    static func ranks(_ n: Int) -> Set<Int> {
        Set(
            [0.5, 0.9].flatMap { q -> [Int] in
                let lower = Int((Double(n - 1) * q).rounded(.down))
                return [lower + 1, min(n, lower + 2)]
            })
    }

    /// Exactly the order statistics the quantiles need, per label.
    func exactValues(
        _ facts: ReportFacts, kind: LabelKind, counts: [String: Int], _ span: ReportSpan,
        window: ResolutionWindow = .created
    ) throws -> [String: (Int) -> Double] {
        let wanted = counts.flatMap { label, n in Self.ranks(n).map { (label: label, rank: $0) } }
        let values = try facts.resolutionHours(
            kind: kind, ranks: wanted, start: span.start, end: span.end, window: window)
        return values.mapValues { byRank in { rank in byRank[rank] ?? 0 } }
    }

    /// Order statistics from the resolution histogram: a rank's value is its bucket's, within 0.5% of the true one.
    static func histogramValues(_ histogram: [String: [(hours: Double, tickets: Int)]]) -> [String: (Int) -> Double] {
        histogram.mapValues { buckets in
            var upTo = 0
            let cumulative = buckets.map { bucket -> (upTo: Int, hours: Double) in
                upTo += bucket.tickets
                return (upTo, bucket.hours)
            }
            return { rank in
                // The first bucket whose cumulative count reaches the rank.
                var low = 0
                var high = cumulative.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle].upTo >= rank { high = middle } else { low = middle + 1 }
                }
                return cumulative[max(0, high)].hours
            }
        }
    }
}
