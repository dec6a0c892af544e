import Foundation
import TicketModel

extension HTMLReportRenderer {
    /// The flow cards, the trend chart, the backlog's ages and the resolutions of the period.
    static func flowModel(_ report: PeriodReport) -> [String: Any] {
        let flow = report.flow
        var model: [String: Any] = [
            "flow": [
                "created": flow.created, "resolved": flow.resolved, "backlog_start": flow.backlogStart,
                "backlog_end": flow.backlogEnd, "net_change": (flow.netChange > 0 ? "+" : "") + String(flow.netChange),
                "arrow": flow.netChange > 0 ? "▲" : flow.netChange < 0 ? "▼" : "=",
                "closed_without_time": flow.closedWithoutTime == 0 ? false : flow.closedWithoutTime as Any,
            ] as [String: Any],
            "has_backlog": flow.backlogEnd > 0,
        ]
        if let trend = report.trend { model["trend_chart"] = trendChart(trend, period: report.period) }
        let age = report.backlogAge
        let names = ["< 1 day", "1–3 days", "3–7 days", "7–30 days", "≥ 30 days"]
        model["age_chart"] = barChart(
            id: "age", title: "Backlog by age", counts: Dictionary(uniqueKeysWithValues: zip(names, age.total.values)),
            order: names, total: flow.backlogEnd)
        model["age_names"] = names
        model["age_rows"] = labelRows(report) { kind, label in
            let buckets = (kind == "category" ? age.byCategory[label] : age.byPriority[label]) ?? PeriodReport.AgeBuckets()
            return ["values": buckets.values, "total": buckets.total]
        }
        model["resolved_hours"] = labelRows(report) { kind, label in
            let stats = report.resolvedHours[kind]?[label]
            return [
                "count": stats?.count ?? 0, "median": stats?.median.map(format) ?? "–",
                "p90": stats?.p90.map(format) ?? "–",
            ]
        }
        model["has_resolved"] = flow.resolved > 0
        let dimensions: [(id: String, name: String, counts: [String: PeriodReport.DimensionCounts]?)] = [
            ("group", "Group", report.breakdowns.group), ("assignee", "Assignee", report.breakdowns.assignee),
            ("channel", "Channel", report.breakdowns.channel), ("tag", "Tag", report.breakdowns.tag),
        ]
        let charts = dimensions.compactMap { dimension -> [String: Any]? in
            guard let counts = dimension.counts, !counts.isEmpty else { return nil }
            // Most created first, as the JSON chose them; the sum of the rest last. It exists when there are more
            // values than are shown, named "other" unless a value has that name ("(other)" then).
            var rest: String?
            if counts.count > ReportAggregator.topValues {
                var name = "other"
                while counts["(\(name))"] != nil { name = "(\(name))" }
                rest = name
            }
            let order =
                counts.filter { $0.key != rest }.sorted { ($0.value.created, $1.key) > ($1.value.created, $0.key) }
                .map(\.key) + (rest.map { [$0] } ?? [])
            return dimensionChart(id: dimension.id, name: dimension.name, counts: counts, order: order)
        }
        model["dimension_charts"] = charts
        model["has_dimensions"] = !charts.isEmpty
        if let stats = report.firstResponseHours {
            model["first_response"] = [
                "count": stats.count, "median": stats.median.map(format) ?? "–", "p90": stats.p90.map(format) ?? "–",
            ]
        }
        if let satisfaction = report.satisfaction {
            var values: [String: Any] = [
                "responses": satisfaction.responses, "rated": satisfaction.good + satisfaction.bad,
                "scores": satisfaction.scores,
            ]
            if let share = satisfaction.shareGood { values["share_good"] = format(share * 100) }
            if let mean = satisfaction.meanScore { values["mean_score"] = format(mean) }
            model["satisfaction"] = values
        }
        model["has_service"] = report.firstResponseHours != nil || report.satisfaction != nil
        return model
    }

    /// A value's three figures as three thin bars on one scale: created in the period (the order), resolved in it,
    /// and in the backlog at its end. In a quiet week the backlog's bars are what a lead looks at; a chart of
    /// created alone drew nothing but zeros then.
    static func dimensionChart(
        id: String, name: String, counts: [String: PeriodReport.DimensionCounts], order: [String]
    ) -> [String: Any] {
        let layout = BarChartLayout(labels: order, minimumBarX: 130, longestBar: 300)
        let maxValue = max(1, order.compactMap { counts[$0] }.map { max($0.created, $0.resolved, $0.backlogEnd) }.max() ?? 0)
        let pitch = 32.0
        let rows = order.enumerated().map { index, label -> [String: Any] in
            let values = counts[label] ?? PeriodReport.DimensionCounts(created: 0, resolved: 0, backlogEnd: 0)
            let top = Double(index) * pitch
            func bar(_ value: Int, _ offset: Double) -> [String: Any] {
                [
                    "value": value, "y": format(top + offset), "text_y": format(top + offset + 7.5),
                    "width": format(layout.longestBar * Double(value) / Double(maxValue)),
                ]
            }
            let short = layout.shortLabel(label)
            return [
                "label": label, "short_label": short, "cut": short != label, "text_y": format(top + 17),
                "created_bar": bar(values.created, 2), "resolved_bar": bar(values.resolved, 11),
                "backlog_bar": bar(values.backlogEnd, 20),
                "created": values.created, "resolved": values.resolved, "backlog_end": values.backlogEnd,
            ]
        }
        return [
            "id": "by-\(id)", "title": "By \(id)", "name": name, "rows": rows, "height": Int(Double(order.count) * pitch),
            "bar_x": format(layout.barX), "value_dx": format(layout.barX + 4),
        ]
    }

    /// Created and resolved as pairs of bars per period, the backlog at each end as a line, on one scale.
    static func trendChart(_ trend: [PeriodReport.TrendPoint], period: PeriodReport.Period) -> [String: Any] {
        let width = 720.0, height = 220.0, left = 44.0, bottom = 24.0, top = 10.0
        let plotHeight = height - bottom - top
        let maxValue = max(1, trend.map { max($0.created, $0.resolved, $0.backlogEnd) }.max() ?? 0)
        let slot = (width - left) / Double(max(1, trend.count))
        let barWidth = slot * 0.32
        func y(_ value: Int) -> Double { top + plotHeight - plotHeight * Double(value) / Double(maxValue) }
        let spansYears = trend.first?.start.year != trend.last?.end.year
        let points = trend.enumerated().map { index, point -> [String: Any] in
            let x = left + Double(index) * slot
            let center = x + slot / 2
            // Weeks and months carry their own names; days are shown as month-day (with the year when needed).
            let short =
                point.start == point.end
                ? (spansYears ? point.start.description : String(point.start.description.suffix(5))) : point.label
            return [
                "label": point.label, "start": point.start.description, "end": point.end.description,
                "created": point.created, "resolved": point.resolved, "backlog_end": point.backlogEnd,
                "created_x": format(center - barWidth - 1), "resolved_x": format(center + 1),
                "bar_width": format(barWidth),
                "created_y": format(y(point.created)), "created_height": format(top + plotHeight - y(point.created)),
                "resolved_y": format(y(point.resolved)),
                "resolved_height": format(top + plotHeight - y(point.resolved)),
                "center_x": format(center), "backlog_y": format(y(point.backlogEnd)),
                "label_y": format(height - 6), "short_label": short,
            ]
        }
        let yTicks = axisTicks(maximum: maxValue).map { value -> [String: Any] in
            ["value": value, "y": format(y(value)), "text_y": format(y(value) + 4), "label_x": Int(left) - 4]
        }
        // Only whole days, weeks, months, quarters and years have a trend; their lengths tell them apart.
        let unit =
            period.days == 1 ? "days" : period.days == 7 ? "weeks" : period.days >= 365 ? "years" : period.days >= 90 ? "quarters" : "months"
        return [
            "width": Int(width), "height": Int(height), "left": Int(left), "right": Int(width),
            "axis_y": format(top + plotHeight), "y_ticks": yTicks, "points": points, "count": trend.count,
            "unit": unit,
            "backlog_points": points.map { "\($0["center_x"]!),\($0["backlog_y"]!)" }.joined(separator: " "),
        ]
    }
}
