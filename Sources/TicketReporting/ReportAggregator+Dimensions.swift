import Foundation
import TicketModel
import TicketDatabase

extension ReportAggregator {
    /// Values shown one by one in a breakdown; the rest are summed as "other".
    static let topValues = 15

    /// The export-column parts of a report: breakdowns by group, assignee, channel and tag, first-response
    /// hours and satisfaction, each only when some ticket of the store has the column.
    func exportColumns(
        _ facts: ReportFacts, _ span: ReportSpan, into report: inout PeriodReport
    ) throws {
        let present = try facts.dimensionsPresent()
        let counted = try facts.dimensions(present, start: span.start, end: span.end)
        func breakdown(_ dimension: String) -> [String: PeriodReport.DimensionCounts]? {
            guard present.contains(dimension) else { return nil }
            let values = (counted[dimension] ?? [])
                .sorted { ($0.created, $1.value) > ($1.created, $0.value) }
            var result: [String: PeriodReport.DimensionCounts] = [:]
            for fact in values.prefix(Self.topValues) {
                result[fact.value] = .init(created: fact.created, resolved: fact.resolved, backlogEnd: fact.backlogEnd)
            }
            if values.count > Self.topValues {
                let rest = values.dropFirst(Self.topValues)
                // A value of the export named "other" keeps its own name; the rest take the next free one.
                var name = "other"
                while result[name] != nil { name = "(\(name))" }
                result[name] = .init(
                    created: rest.reduce(0) { $0 + $1.created }, resolved: rest.reduce(0) { $0 + $1.resolved },
                    backlogEnd: rest.reduce(0) { $0 + $1.backlogEnd })
            }
            return result
        }
        report.breakdowns.group = breakdown("group")
        report.breakdowns.assignee = breakdown("assignee")
        report.breakdowns.channel = breakdown("channel")
        report.breakdowns.tag = breakdown("tag")
        if present.contains("satisfaction") {
            let answers = counted["satisfaction"] ?? []
            var satisfaction = PeriodReport.Satisfaction(responses: 0, good: 0, bad: 0, scores: 0)
            var scoreSum = 0
            for answer in answers where answer.created > 0 {
                satisfaction.responses += answer.created
                switch answer.value {
                case "good": satisfaction.good += answer.created
                case "bad": satisfaction.bad += answer.created
                default:
                    if let score = Int(answer.value) {
                        satisfaction.scores += answer.created
                        scoreSum += score * answer.created
                    }
                }
            }
            let rated = satisfaction.good + satisfaction.bad
            satisfaction.shareGood = rated == 0 ? nil : Self.round(Double(satisfaction.good) / Double(rated), places: 4)
            satisfaction.meanScore =
                satisfaction.scores == 0 ? nil : Self.round(Double(scoreSum) / Double(satisfaction.scores), places: 2)
            report.satisfaction = satisfaction
        }
        if try facts.anyFirstResponse() {
            let histogram = try facts.firstResponseHistogram(start: span.start, end: span.end)
            let count = histogram.reduce(0) { $0 + $1.tickets }
            guard count > 0 else {
                report.firstResponseHours = .init(count: 0, median: nil, p90: nil)
                return
            }
            let valueAt: (Int) -> Double
            if count <= exactPercentileLimit {
                let values = try facts.firstResponseHours(
                    ranks: Array(Self.ranks(count)), start: span.start, end: span.end)
                valueAt = { values[$0] ?? 0 }
            } else {
                valueAt = Self.histogramValues(["": histogram])[""]!
            }
            report.firstResponseHours = .init(
                count: count, median: Self.quantile(0.5, of: count, valueAt), p90: Self.quantile(0.9, of: count, valueAt))
        }
    }
}
