import Foundation
import Mustache
import TicketModel
import TicketDatabase

/// Renders a period report as one self-contained HTML file: inline CSS, inline SVG charts with table
/// fallbacks, no script and nothing fetched. Mustache escapes every value, ticket titles included.
public struct HTMLReportRenderer {
    private let library: MustacheLibrary

    public init() throws {
        var templates = [
            "period": try MustacheTemplate(string: HTMLReportTemplate.period),
            "bars": try MustacheTemplate(string: HTMLReportTemplate.bars),
            "dimension": try MustacheTemplate(string: HTMLReportTemplate.dimension),
        ]
        for (name, text) in HTMLReportTemplate.sections { templates[name] = try MustacheTemplate(string: text) }
        library = MustacheLibrary(templates: templates)
    }

    public func render(_ report: PeriodReport) -> String {
        library.render(Self.viewModel(report), withTemplate: "period") ?? ""
    }

    static func viewModel(_ report: PeriodReport) -> [String: Any] {
        let total = report.totals.tickets
        var model: [String: Any] = [
            "label": report.period.label,
            "start": report.period.start.description,
            "end": report.period.end.description,
            "timezone": report.period.timezone,
            "days": report.period.days,
            "partial": report.daysElapsed < report.period.days,
            "days_elapsed": report.daysElapsed,
            "generated_at": report.generatedAt,
            "generated_by": report.generatedBy,
            "css": HTMLReportTemplate.css,
            "empty": total == 0,
            "tickets": total,
            "unlabeled": report.totals.unlabeled,
            "open_at_end": report.totals.openAtEnd,
            "avg_per_day": format(report.avgTicketsPerDay),
            "avg_per_active_day": format(report.avgTicketsPerActiveDay),
            "cost": String(format: "%.4f", report.classification.costUSD),
            "requests": report.classification.requests,
        ]
        model["daily_chart"] = dailyChart(report)
        model["daily"] = report.daily.map { ["date": $0.date.description, "tickets": $0.tickets] }
        model["category_chart"] = barChart(
            id: "category", title: "Tickets by category", counts: report.breakdowns.category,
            order: report.labels(of: "category"), total: total)
        model["priority_chart"] = barChart(
            id: "priority", title: "Tickets by priority", counts: report.breakdowns.priority,
            order: report.labels(of: "priority"), total: total)
        model["status_chart"] = barChart(
            id: "status", title: "Tickets by status", counts: report.breakdowns.status,
            order: Status.allCases.map(\.rawValue), total: total)
        let maxCell = report.categoryByPriority.values.flatMap(\.values).max() ?? 0
        model["priorities"] = report.labels(of: "priority")
        // Written across, ten priorities of a team's longer names made the matrix three times the page's width.
        model["matrix_vertical"] = report.labels(of: "priority").contains { $0.count > 12 }
        model["matrix"] = report.labels(of: "category").map { category -> [String: Any] in
            let row = report.categoryByPriority[category] ?? [:]
            return [
                "category": category,
                "cells": report.labels(of: "priority").map { priority -> [String: Any] in
                    let count = row[priority] ?? 0
                    let intensity = maxCell == 0 ? 0 : Double(count) / Double(maxCell)
                    return [
                        "count": count,
                        // Light to mid blue keeps dark text readable at every level.
                        "background": String(format: "rgba(43, 108, 176, %.2f)", 0.08 + 0.42 * intensity),
                    ]
                },
            ]
        }
        model["resolution"] = labelRows(report) { kind, label in
            let stats = report.resolutionHours[kind]?[label]
            return [
                "count": stats?.count ?? 0, "mean": stats?.mean.map(format) ?? "–",
                "median": stats?.median.map(format) ?? "–", "p90": stats?.p90.map(format) ?? "–",
            ]
        }
        let previous = report.previousPeriod
        model["previous_label"] = "\(previous.start) – \(previous.end)"
        model["changes"] = [("tickets", "Tickets created"), ("unlabeled", "Unlabeled"), ("open_at_end", "Open at period end")]
            .map { key, name -> [String: Any] in
                let change = previous.change[key]
                let before: Int = switch key {
                case "tickets": previous.totals.tickets
                case "unlabeled": previous.totals.unlabeled
                default: previous.totals.openAtEnd
                }
                let now: Int = switch key {
                case "tickets": report.totals.tickets
                case "unlabeled": report.totals.unlabeled
                default: report.totals.openAtEnd
                }
                let absolute = change?.absolute ?? 0
                return [
                    "name": name, "before": before, "now": now,
                    "absolute": (absolute > 0 ? "+" : "") + String(absolute),
                    "percent": change?.percent.map { ($0 > 0 ? "+" : "") + format($0) + " %" } ?? "n/a",
                    "arrow": absolute > 0 ? "▲" : absolute < 0 ? "▼" : "=",
                ]
            }
        model["sources"] = ["category", "priority"].map { kind -> [String: Any] in
            let counts = report.labelSources[kind] ?? [:]
            return [
                "kind": kind,
                "values": (LabelSource.allCases.map(\.rawValue) + ["none"]).map { ["source": $0, "count": counts[$0] ?? 0] },
            ]
        }
        model["sources_header"] = LabelSource.allCases.map(\.rawValue) + ["none"]
        model["oldest_open"] = report.oldestOpen.map {
            ["id": $0.id, "title": $0.title, "created_at": $0.createdAt, "category": $0.category ?? "–", "priority": $0.priority ?? "–"]
        }
        model["has_oldest_open"] = !report.oldestOpen.isEmpty
        model.merge(flowModel(report)) { _, new in new }
        return model
    }

    /// A table row per category, then per priority, in the taxonomy's order: `kind` and `label`, and `values`.
    static func labelRows(_ report: PeriodReport, _ values: (_ kind: String, _ label: String) -> [String: Any]) -> [[String: Any]] {
        [("category", report.labels(of: "category")), ("priority", report.labels(of: "priority"))]
            .flatMap { kind, labels in
                labels.map { label in values(kind, label).merging(["kind": kind, "label": label]) { _, new in new } }
            }
    }

    /// Daily volume as bars, with the average per calendar day drawn as a line.
    static func dailyChart(_ report: PeriodReport) -> [String: Any] {
        let width = 720.0, height = 200.0, left = 40.0, bottom = 24.0, top = 10.0
        let plotHeight = height - bottom - top
        let maxCount = max(1, report.daily.map(\.tickets).max() ?? 0)
        let slot = (width - left) / Double(max(1, report.daily.count))
        let bars = report.daily.enumerated().map { index, day -> [String: Any] in
            let barHeight = plotHeight * Double(day.tickets) / Double(maxCount)
            return [
                "x": format(left + Double(index) * slot + slot * 0.1), "y": format(top + plotHeight - barHeight),
                "width": format(max(1, slot * 0.8)), "height": format(barHeight),
                "date": day.date.description, "tickets": day.tickets,
            ]
        }
        let averageY = top + plotHeight - plotHeight * report.avgTicketsPerDay / Double(maxCount)
        let labelEvery = max(1, report.daily.count / 6)
        // Month and day, with the year too when the period spans years.
        let spansYears = report.period.start.year != report.period.end.year
        let ticks = report.daily.enumerated().filter { $0.offset % labelEvery == 0 }.map { index, day -> [String: Any] in
            ["x": format(left + Double(index) * slot + slot / 2), "label": spansYears ? day.date.description : String(day.date.description.suffix(5))]
        }
        let yTicks = axisTicks(maximum: maxCount).map { value -> [String: Any] in
            let y = top + plotHeight - plotHeight * Double(value) / Double(maxCount)
            return ["value": value, "y": format(y), "text_y": format(y + 4), "label_x": Int(left) - 4]
        }
        return [
            "width": Int(width), "height": Int(height), "bars": bars, "ticks": ticks, "y_ticks": yTicks,
            "avg_y": format(averageY), "left": Int(left), "right": Int(width), "avg_label": format(report.avgTicketsPerDay),
            "axis_y": format(top + plotHeight), "label_y": format(height - 6),
        ]
    }

    /// Three to six round values from 0 to at most `maximum` (steps of 1, 2 or 5 times a power of ten).
    static func axisTicks(maximum: Int) -> [Int] {
        guard maximum > 0 else { return [0] }
        var power = 1
        while true {
            for base in [1, 2, 5] where maximum / (base * power) <= 5 {
                return Array(stride(from: 0, through: maximum, by: base * power))
            }
            power *= 10
        }
    }

    /// A horizontal bar per label, every taxonomy value shown even at zero.
    static func barChart(id: String, title: String, counts: [String: Int], order: [String], total: Int) -> [String: Any] {
        let maxCount = max(1, counts.values.max() ?? 0)
        let rowHeight = 26.0
        let layout = BarChartLayout(labels: order, minimumBarX: 90, longestBar: 360)
        let rows = order.enumerated().map { index, label -> [String: Any] in
            let count = counts[label] ?? 0
            let short = layout.shortLabel(label)
            return [
                "label": label, "short_label": short, "cut": short != label, "count": count,
                "share": total == 0 ? "0" : format(Double(count) / Double(total) * 100),
                "y": format(Double(index) * rowHeight), "text_y": format(Double(index) * rowHeight + 17),
                "width": format(max(0, layout.longestBar * Double(count) / Double(maxCount))),
            ]
        }
        return [
            "id": id, "title": title, "rows": rows, "height": Int(Double(order.count) * rowHeight),
            "bar_x": format(layout.barX), "value_dx": format(layout.barX + 6),
        ]
    }

    /// Numbers as people read them: at most two decimals, no trailing zeros.
    package static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
