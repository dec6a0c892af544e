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
    private let template: MustacheTemplate

    public init() throws {
        template = try MustacheTemplate(string: Self.page)
    }

    public func render(_ report: EvaluationReport) -> String {
        // Reports of schema 1 carry no label list: their confusion matrix has every label.
        func labels(_ kind: String, _ metrics: LabelMetrics) -> [String] {
            report.labels?[kind] ?? metrics.confusion.keys.sorted()
        }
        func section(_ name: String, _ metrics: LabelMetrics, _ labels: [String]) -> [String: Any] {
            let maxCell = metrics.confusion.values.flatMap(\.values).max() ?? 0
            return [
                "name": name,
                "accuracy": fmt(metrics.accuracy), "macro_f1": fmt(metrics.macroF1), "weighted_f1": fmt(metrics.weightedF1),
                "kappa": fmt(metrics.kappa), "failures": metrics.failures, "scored": metrics.scored,
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
            "css": HTMLReportTemplate.css, "provider": report.provider, "model": report.model, "fixtures": report.fixtures,
            "n": report.n, "generated_at": report.generatedAt, "training_size": report.trainingSize.map(String.init) ?? "–",
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
            "baseline": (report.baselineDelta ?? [:]).sorted { $0.key < $1.key }.map { kind, values -> [String: Any] in
                ["kind": kind, "accuracy": signed(values["accuracy"]), "macro_f1": signed(values["macro_f1"]),
                 "weighted_f1": signed(values["weighted_f1"]), "kappa": signed(values["kappa"])]
            },
        ]
        return template.render(model)
    }

    private func fmt(_ value: Double) -> String { HTMLReportRenderer.format(value) == "0" && value != 0 ? String(format: "%.4f", value) : String(format: "%.4g", value) }
    private func signed(_ value: Double?) -> String { value.map { ($0 >= 0 ? "+" : "") + String(format: "%.4f", $0) } ?? "–" }

    static let page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Classifier evaluation — {{model}}</title><style>{{{css}}}</style></head>
        <body><header><h1>Classifier evaluation — {{model}}</h1>
        <p class="meta">{{provider}} · {{n}} labeled tickets from {{fixtures}} · trained on {{training_size}} · generated {{generated_at}}</p></header>
        <main>
        {{#sections}}
        <section aria-labelledby="{{name}}-h"><h2 id="{{name}}-h">{{name}}</h2>
        <div class="cards">
        <div class="card"><div class="value">{{accuracy}}</div><div class="name">accuracy</div></div>
        <div class="card"><div class="value">{{macro_f1}}</div><div class="name">macro F1</div></div>
        <div class="card"><div class="value">{{weighted_f1}}</div><div class="name">weighted F1</div></div>
        <div class="card"><div class="value">{{kappa}}</div><div class="name">Cohen's kappa</div></div>
        <div class="card"><div class="value">{{failures}}</div><div class="name">no valid label</div></div>
        </div>
        <table><thead><tr><th scope="col">Label</th><th scope="col">Precision</th><th scope="col">Recall</th><th scope="col">F1</th><th scope="col">Support</th></tr></thead><tbody>
        {{#classes}}<tr><td>{{label}}</td>{{#unused}}<td colspan="4">no tickets</td>{{/unused}}{{^unused}}<td>{{precision}}</td>{{#unsupported}}<td colspan="2">no tickets</td>{{/unsupported}}{{^unsupported}}<td>{{recall}}</td><td>{{f1}}</td>{{/unsupported}}<td>{{support}}</td>{{/unused}}</tr>
        {{/classes}}</tbody></table>
        <h3>Confusion matrix (rows: truth, columns: predicted)</h3>
        <table><thead><tr><th scope="col">truth \\ predicted</th>{{#labels}}<th scope="col">{{.}}</th>{{/labels}}</tr></thead><tbody>
        {{#matrix}}<tr><th scope="row">{{truth}}</th>{{#cells}}<td style="background: {{background}}">{{count}}</td>{{/cells}}</tr>
        {{/matrix}}</tbody></table>
        <h3>Most confused</h3>
        {{#confused}}<p><strong>{{truth}} → {{predicted}}</strong>: {{count}}</p><ul>{{#examples}}<li>{{id}}: {{title}}</li>{{/examples}}</ul>
        {{/confused}}{{^confused}}<p>No confusions.</p>{{/confused}}
        </section>
        {{/sections}}
        <section aria-labelledby="distance-h"><h2 id="distance-h">Priority errors by distance</h2>
        <table><thead><tr><th scope="col">Steps apart on low → critical</th><th scope="col">Tickets</th></tr></thead><tbody>
        {{#distance}}<tr><td>{{distance}}</td><td>{{count}}</td></tr>{{/distance}}</tbody></table></section>
        <section aria-labelledby="cost-h"><h2 id="cost-h">Cost and speed</h2>
        <p>{{requests}} requests, {{cached}} answers reused from earlier evaluations; cost {{cost}} ({{per_1000}} per 1,000 tickets);
        latency p50 {{p50}} ms, p90 {{p90}} ms; {{rate}} tickets/s.</p></section>
        {{#has_baseline}}<section aria-labelledby="baseline-h"><h2 id="baseline-h">Change from the baseline</h2>
        <table><thead><tr><th scope="col">Label</th><th scope="col">Accuracy</th><th scope="col">Macro F1</th><th scope="col">Weighted F1</th><th scope="col">Kappa</th></tr></thead><tbody>
        {{#baseline}}<tr><td>{{kind}}</td><td>{{accuracy}}</td><td>{{macro_f1}}</td><td>{{weighted_f1}}</td><td>{{kappa}}</td></tr>{{/baseline}}
        </tbody></table></section>{{/has_baseline}}
        </main></body></html>

        """
}
