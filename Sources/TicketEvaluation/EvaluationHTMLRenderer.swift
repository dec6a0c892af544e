import Foundation
import Mustache
import TicketModel
import TicketDatabase
import TicketClassification
import TicketReporting
import TicketImport

/// Renders an evaluation as a self-contained HTML page: scores, per-class tables, confusion heat maps and
/// the most confused pairs with example tickets (escaped by Mustache).
public struct EvaluationHTMLRenderer {
    private let page: MustacheTemplate
    private let body: MustacheTemplate
    private let comparisonPage: MustacheTemplate

    public init() throws {
        page = try MustacheTemplate(string: Self.pageText)
        body = try MustacheTemplate(string: Self.bodyText)
        comparisonPage = try MustacheTemplate(string: Self.comparisonText)
    }

    public func render(_ report: EvaluationReport) -> String {
        var model = header(report)
        model["body"] = renderBody(report, prefix: "")
        return page.render(model)
    }

    /// Several runs on one page: the side-by-side table, then each run in full.
    public func render(_ comparison: EvaluationComparison) -> String {
        let model: [String: Any] = [
            "css": HTMLReportTemplate.css + Self.extraCSS, "fixtures": comparison.fixtures, "n": comparison.n,
            "generated_at": comparison.generatedAt, "unscored": comparison.runs.first.flatMap(Self.unscored) ?? false,
            "rows": comparison.comparison.map(comparisonRow),
            "runs": comparison.runs.enumerated().map { index, run -> [String: Any] in
                ["provider": run.provider, "model": run.model, "id": "run\(index + 1)",
                 "body": renderBody(run, prefix: "run\(index + 1)-"), "training_size": run.trainingSize.map(String.init) ?? "–"]
            },
        ]
        return comparisonPage.render(model)
    }

    private func comparisonRow(_ row: EvaluationComparison.Row) -> [String: Any] {
        var cells: [String: Any] = ["provider": row.provider, "model": row.model]
        cells["category_accuracy"] = fmt(row.categoryAccuracy)
        cells["category_end_to_end"] = row.categoryEndToEndAccuracy.map(fmt) ?? "–"
        cells["category_macro_f1"] = fmt(row.categoryMacroF1)
        cells["priority_accuracy"] = fmt(row.priorityAccuracy)
        cells["priority_end_to_end"] = row.priorityEndToEndAccuracy.map(fmt) ?? "–"
        cells["priority_macro_f1"] = fmt(row.priorityMacroF1)
        cells["per_1000"] = row.costPer1000Tickets.map { String(format: "$%.4f", $0) } ?? "–"
        cells["p50"] = row.latencyP50Ms.map(fmt) ?? "–"
        cells["p90"] = row.latencyP90Ms.map(fmt) ?? "–"
        cells["rate"] = fmt(row.ticketsPerSecond)
        return cells
    }

    private func header(_ report: EvaluationReport) -> [String: Any] {
        [
            "css": HTMLReportTemplate.css + Self.extraCSS, "provider": report.provider, "model": report.model,
            "fixtures": report.fixtures, "n": report.n, "generated_at": report.generatedAt,
            "training_size": report.trainingSize.map(String.init) ?? "–", "unscored": Self.unscored(report) ?? false,
        ]
    }

    /// What of the fixtures was not scored, in words; nil when all was.
    static func unscored(_ report: EvaluationReport) -> String? {
        var parts: [String] = []
        if let rejected = report.rejectedRows, rejected > 0 {
            parts.append("\(rejected) fixture row\(rejected == 1 ? "" : "s") rejected" + (report.firstRejection.map { " (the first: \($0))" } ?? ""))
        }
        if let unlabeled = report.unlabeledRows, unlabeled > 0 {
            parts.append("\(unlabeled) without a category or a priority")
        }
        return parts.isEmpty ? nil : "Not scored: " + parts.joined(separator: "; ") + "."
    }

    /// A run's sections; `prefix` keeps element ids unique when several runs share a page.
    private func renderBody(_ report: EvaluationReport, prefix: String) -> String {
        // Reports of schema 1 carry no label list: their confusion matrix has every label.
        func labels(_ kind: String, _ metrics: LabelMetrics) -> [String] {
            report.labels?[kind] ?? metrics.confusion.keys.sorted()
        }
        func section(_ name: String, _ metrics: LabelMetrics, _ labels: [String]) -> [String: Any] {
            let maxCell = metrics.confusion.values.flatMap(\.values).max() ?? 0
            return [
                "name": name, "prefix": prefix,
                "accuracy": fmt(metrics.accuracy), "macro_f1": fmt(metrics.macroF1), "weighted_f1": fmt(metrics.weightedF1),
                "kappa": fmt(metrics.kappa), "failures": metrics.failures, "scored": metrics.scored,
                "end_to_end": metrics.endToEndAccuracy.map(fmt) ?? "–",
                "labels": labels,
                "classes": labels.map { label -> [String: Any] in
                    let score = metrics.perClass[label]
                    let support = score?.support ?? 0
                    let predicted = metrics.confusion.values.map { $0[label] ?? 0 }.reduce(0, +)
                    // A class no fixture has: no recall or F1 to speak of, rather than zeros that read as failures.
                    return ["label": label, "unused": support == 0 && predicted == 0, "unsupported": support == 0,
                            "precision": fmt(score?.precision ?? 0), "recall": fmt(score?.recall ?? 0),
                            "f1": fmt(score?.f1 ?? 0), "support": support]
                },
                "matrix": labels.map { truth -> [String: Any] in
                    ["truth": truth, "cells": labels.map { predicted -> [String: Any] in
                        let count = metrics.confusion[truth]?[predicted] ?? 0
                        let intensity = maxCell == 0 ? 0 : Double(count) / Double(maxCell)
                        return ["count": count, "background": String(format: "rgba(%@, %.2f)", truth == predicted ? "39, 103, 73" : "197, 48, 48", 0.06 + 0.44 * intensity)]
                    }]
                },
                "confused": (report.mostConfused[name] ?? []).map { pair -> [String: Any] in
                    ["truth": pair.truth, "predicted": pair.predicted, "count": pair.count,
                     "examples": pair.examples.map { ["id": $0["id"] ?? "", "title": $0["title"] ?? ""] }]
                },
            ]
        }
        let model: [String: Any] = [
            "prefix": prefix,
            "sections": [section("category", report.category, labels("category", report.category)),
                         section("priority", report.priority, labels("priority", report.priority))],
            "distance": report.priorityErrorDistance.keys.compactMap(Int.init).sorted().map {
                ["distance": $0, "count": report.priorityErrorDistance[String($0)] ?? 0]
            },
            "requests": report.cost.requests, "cost": report.cost.costUSD.map { String(format: "$%.4f", $0) } ?? "unknown",
            "per_1000": report.cost.costPer1000Tickets.map { String(format: "$%.4f", $0) } ?? "–",
            "cached": report.cost.cachedAnswers,
            "p50": report.latency.p50Ms.map { fmt($0) } ?? "–", "p90": report.latency.p90Ms.map { fmt($0) } ?? "–",
            "rate": fmt(report.latency.ticketsPerSecond),
            "has_baseline": report.baselineDelta != nil,
            "baseline_name": report.baseline ?? "an earlier evaluation",
            "baseline": (report.baselineDelta ?? [:]).sorted { $0.key < $1.key }.map { kind, values -> [String: Any] in
                // A figure lower than the baseline's is a regression, marked in words as well as in colour.
                func cell(_ key: String) -> [String: Any] {
                    ["text": signed(values[key]), "regression": (values[key] ?? 0) < 0]
                }
                return ["kind": kind, "accuracy": cell("accuracy"), "macro_f1": cell("macro_f1"),
                        "weighted_f1": cell("weighted_f1"), "kappa": cell("kappa")]
            },
            "regressions": (report.baselineDelta ?? [:]).values.contains { $0.values.contains { $0 < 0 } },
        ]
        return body.render(model)
    }

    private func fmt(_ value: Double) -> String { HTMLReportRenderer.format(value) == "0" && value != 0 ? String(format: "%.4f", value) : String(format: "%.4g", value) }
    private func signed(_ value: Double?) -> String { value.map { ($0 >= 0 ? "+" : "") + String(format: "%.4f", $0) } ?? "–" }

    // A confusion matrix has a column per label: written across, a taxonomy's names (ten help-desk queues and
    // more) made it wider than the page. Its column heads run vertically (`th.vertical`), and a matrix or table
    // still wider than the page scrolls inside it (`.wide`, both in the report's style sheet).
    static let extraCSS = """
         .regression { color: #c53030; font-weight: 600; } td.regression::after { content: " ▼"; }
         thead th { vertical-align: bottom; }
        """

    static let pageText = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Classifier evaluation — {{model}}</title><style>{{{css}}}</style></head>
        <body><header><h1>Classifier evaluation — {{model}}</h1>
        <p class="meta">{{provider}} · {{n}} labeled tickets from {{fixtures}} · trained on {{training_size}} · generated {{generated_at}}</p>
        {{#unscored}}<p class="meta">{{unscored}}</p>{{/unscored}}</header>
        <main>
        {{{body}}}
        </main></body></html>

        """

    static let comparisonText = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Classifier comparison</title><style>{{{css}}}</style></head>
        <body><header><h1>Classifier comparison</h1>
        <p class="meta">{{n}} labeled tickets from {{fixtures}} · generated {{generated_at}}</p>
        {{#unscored}}<p class="meta">{{unscored}}</p>{{/unscored}}</header>
        <main>
        <section aria-labelledby="comparison-h"><h2 id="comparison-h">Side by side</h2>
        <div class="wide"><table><thead><tr><th scope="col" class="text">Provider</th><th scope="col" class="text">Model</th>
        <th scope="col">Category accuracy</th><th scope="col">Category end-to-end</th><th scope="col">Category macro F1</th>
        <th scope="col">Priority accuracy</th><th scope="col">Priority end-to-end</th><th scope="col">Priority macro F1</th>
        <th scope="col">Cost per 1,000 tickets</th><th scope="col">Latency p50 ms</th><th scope="col">p90 ms</th><th scope="col">Tickets/s</th></tr></thead><tbody>
        {{#rows}}<tr><td class="text">{{provider}}</td><td class="text">{{model}}</td><td>{{category_accuracy}}</td><td>{{category_end_to_end}}</td><td>{{category_macro_f1}}</td><td>{{priority_accuracy}}</td><td>{{priority_end_to_end}}</td><td>{{priority_macro_f1}}</td><td>{{per_1000}}</td><td>{{p50}}</td><td>{{p90}}</td><td>{{rate}}</td></tr>
        {{/rows}}</tbody></table></div>
        <p>Accuracy counts the tickets a classifier answered; end-to-end accuracy counts a failure as wrong.</p></section>
        {{#runs}}<section aria-labelledby="{{id}}-h"><h2 id="{{id}}-h">{{provider}} · {{model}}</h2>
        <p class="meta">trained on {{training_size}}</p>
        {{{body}}}
        </section>
        {{/runs}}
        </main></body></html>

        """

    static let bodyText = """
        {{#sections}}
        <section aria-labelledby="{{prefix}}{{name}}-h"><h2 id="{{prefix}}{{name}}-h">{{name}}</h2>
        <div class="cards">
        <div class="card"><div class="value">{{accuracy}}</div><div class="name">accuracy (answered)</div></div>
        <div class="card"><div class="value">{{end_to_end}}</div><div class="name">end-to-end accuracy (a failure is wrong)</div></div>
        <div class="card"><div class="value">{{macro_f1}}</div><div class="name">macro F1</div></div>
        <div class="card"><div class="value">{{weighted_f1}}</div><div class="name">weighted F1</div></div>
        <div class="card"><div class="value">{{kappa}}</div><div class="name">Cohen's kappa</div></div>
        <div class="card"><div class="value">{{failures}}</div><div class="name">no valid label</div></div>
        </div>
        <table><thead><tr><th scope="col">Label</th><th scope="col">Precision</th><th scope="col">Recall</th><th scope="col">F1</th><th scope="col">Support</th></tr></thead><tbody>
        {{#classes}}<tr><td>{{label}}</td>{{#unused}}<td colspan="4">no tickets</td>{{/unused}}{{^unused}}<td>{{precision}}</td>{{#unsupported}}<td colspan="2">no tickets</td>{{/unsupported}}{{^unsupported}}<td>{{recall}}</td><td>{{f1}}</td>{{/unsupported}}<td>{{support}}</td>{{/unused}}</tr>
        {{/classes}}</tbody></table>
        <h3>Confusion matrix (rows: truth, columns: predicted)</h3>
        <div class="wide"><table><thead><tr><th scope="col">truth \\ predicted</th>{{#labels}}<th scope="col" class="vertical">{{.}}</th>{{/labels}}</tr></thead><tbody>
        {{#matrix}}<tr><th scope="row">{{truth}}</th>{{#cells}}<td style="background: {{background}}">{{count}}</td>{{/cells}}</tr>
        {{/matrix}}</tbody></table></div>
        <h3>Most confused</h3>
        {{#confused}}<p><strong>{{truth}} → {{predicted}}</strong>: {{count}}</p><ul>{{#examples}}<li>{{id}}: {{title}}</li>{{/examples}}</ul>
        {{/confused}}{{^confused}}<p>No confusions.</p>{{/confused}}
        </section>
        {{/sections}}
        <section aria-labelledby="{{prefix}}distance-h"><h2 id="{{prefix}}distance-h">Priority errors by distance</h2>
        <table><thead><tr><th scope="col">Steps apart on the priorities' scale</th><th scope="col">Tickets</th></tr></thead><tbody>
        {{#distance}}<tr><td>{{distance}}</td><td>{{count}}</td></tr>{{/distance}}</tbody></table></section>
        <section aria-labelledby="{{prefix}}cost-h"><h2 id="{{prefix}}cost-h">Cost and speed</h2>
        <p>{{requests}} requests, {{cached}} answers reused from earlier evaluations; cost {{cost}} ({{per_1000}} per 1,000 tickets);
        latency p50 {{p50}} ms, p90 {{p90}} ms; {{rate}} tickets/s.</p></section>
        {{#has_baseline}}<section aria-labelledby="{{prefix}}baseline-h"><h2 id="{{prefix}}baseline-h">Change from the baseline</h2>
        <p>Compared with {{baseline_name}}.{{#regressions}} <strong class="regression">Lower than the baseline where marked ▼.</strong>{{/regressions}}</p>
        <table><thead><tr><th scope="col">Label</th><th scope="col">Accuracy</th><th scope="col">Macro F1</th><th scope="col">Weighted F1</th><th scope="col">Kappa</th></tr></thead><tbody>
        {{#baseline}}<tr><td>{{kind}}</td>{{#accuracy}}<td{{#regression}} class="regression"{{/regression}}>{{text}}</td>{{/accuracy}}{{#macro_f1}}<td{{#regression}} class="regression"{{/regression}}>{{text}}</td>{{/macro_f1}}{{#weighted_f1}}<td{{#regression}} class="regression"{{/regression}}>{{text}}</td>{{/weighted_f1}}{{#kappa}}<td{{#regression}} class="regression"{{/regression}}>{{text}}</td>{{/kappa}}</tr>{{/baseline}}
        </tbody></table></section>{{/has_baseline}}

        """
}
