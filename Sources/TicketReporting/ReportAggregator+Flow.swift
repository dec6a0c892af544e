import Foundation
import TicketModel
import TicketDatabase

extension ReportAggregator {
    /// The period's flow, and the trend's periods (the period last), from one read of the flow rollups.
    func flow(
        _ facts: ReportFacts, _ period: ReportPeriod, created: Int
    ) throws -> (period: PeriodReport.Flow, trend: [PeriodReport.TrendPoint]?) {
        let trendPeriods = period.trend
        let periods = trendPeriods ?? [period]
        let spans = periods.map { period in
            let (start, end) = period.instants
            return (start: UTCTimestamp.epochSeconds(start), end: UTCTimestamp.epochSeconds(end))
        }
        let before = try facts.flow(before: spans.flatMap { [$0.start, $0.end] })
        let (start, end) = (before[before.count - 2], before[before.count - 1])
        let flow = PeriodReport.Flow(
            created: created, resolved: end.resolved - start.resolved, backlogStart: start.backlog,
            backlogEnd: end.backlog, netChange: end.backlog - start.backlog, closedWithoutTime: end.untimed)
        guard let trendPeriods else { return (flow, nil) }
        let createdCounts = try facts.ticketsCreated(in: spans)
        let trend = trendPeriods.enumerated().map { index, period in
            let (start, end) = (before[2 * index], before[2 * index + 1])
            return PeriodReport.TrendPoint(
                label: period.label, start: period.start, end: period.end, created: createdCounts[index],
                resolved: end.resolved - start.resolved, backlogEnd: end.backlog)
        }
        return (flow, trend)
    }

    /// The backlog at the span's end by age, in total and per label (zero-filled over the taxonomy). The last
    /// bucket is what the younger ones leave of the backlog, so only the last 30 days are read ticket by ticket.
    func backlogAge(_ facts: ReportFacts, _ span: ReportSpan, backlog: Int, taxonomy: Taxonomy) throws -> PeriodReport.BacklogAge {
        let young = try facts.backlogAge(at: span.end, bounds: PeriodReport.AgeBuckets.bounds)
        let byLabel = try facts.backlogByLabel(at: span.end)
        var total = PeriodReport.AgeBuckets()
        var category = Dictionary(uniqueKeysWithValues: taxonomy.categoryNames.map { ($0, PeriodReport.AgeBuckets()) })
        var priority = Dictionary(uniqueKeysWithValues: taxonomy.priorityNames.map { ($0, PeriodReport.AgeBuckets()) })
        for count in young {
            total.add(count.tickets, bucket: count.bucket)
            if !count.category.isEmpty { category[count.category, default: .init()].add(count.tickets, bucket: count.bucket) }
            if !count.priority.isEmpty { priority[count.priority, default: .init()].add(count.tickets, bucket: count.bucket) }
        }
        var categoryBacklog: [String: Int] = [:]
        var priorityBacklog: [String: Int] = [:]
        for count in byLabel {
            if !count.category.isEmpty { categoryBacklog[count.category, default: 0] += count.tickets }
            if !count.priority.isEmpty { priorityBacklog[count.priority, default: 0] += count.tickets }
        }
        total.atLeast30Days = backlog - total.total
        for (label, tickets) in categoryBacklog {
            category[label, default: .init()].atLeast30Days = tickets - (category[label]?.total ?? 0)
        }
        for (label, tickets) in priorityBacklog {
            priority[label, default: .init()].atLeast30Days = tickets - (priority[label]?.total ?? 0)
        }
        return .init(total: total, byCategory: category, byPriority: priority)
    }

    /// Median and 90th percentile of the hours to resolution of the tickets resolved in the span, per label:
    /// exact up to `exactPercentileLimit` of them, else from the histogram by month of resolution.
    func resolvedHours(
        _ facts: ReportFacts, kind: LabelKind, labels: [String], _ span: ReportSpan,
        histograms: [String: [String: [(hours: Double, tickets: Int)]]]
    ) throws -> [String: PeriodReport.ResolvedStats] {
        let histogram = histograms[kind.rawValue] ?? [:]
        let counts = histogram.mapValues { $0.reduce(0) { $0 + $1.tickets } }
        let exact = counts.values.reduce(0, +) <= exactPercentileLimit
        let valueAt =
            exact
            ? try exactValues(facts, kind: kind, counts: counts, span, window: .resolved)
            : Self.histogramValues(histogram)
        var result: [String: PeriodReport.ResolvedStats] = [:]
        for label in labels {
            guard let n = counts[label], n > 0, let value = valueAt[label] else {
                result[label] = .init(count: 0, median: nil, p90: nil)
                continue
            }
            result[label] = .init(
                count: n, median: Self.quantile(0.5, of: n, value), p90: Self.quantile(0.9, of: n, value))
        }
        return result
    }
}
