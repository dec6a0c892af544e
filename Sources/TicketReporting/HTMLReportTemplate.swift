import TicketModel
import TicketDatabase

/// The HTML report's Mustache template and style sheet. Kept in code, not in resource files, so the
/// binary renders reports wherever it is copied.
package enum HTMLReportTemplate {
    package static let css = """
        :root { color-scheme: light; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a202c;
               background: #fff; margin: 0 auto; max-width: 960px; padding: 24px; }
        h1 { font-size: 1.6em; margin: 0 0 4px; }
        h2 { font-size: 1.2em; margin: 28px 0 8px; border-bottom: 1px solid #cbd5e0; padding-bottom: 4px; }
        .meta { color: #4a5568; margin: 0 0 16px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
        .card { border: 1px solid #cbd5e0; border-radius: 6px; padding: 10px 14px; }
        .card .value { font-size: 1.6em; font-weight: 600; }
        .card .name { color: #4a5568; font-size: .9em; }
        table { border-collapse: collapse; margin: 8px 0; font-size: .92em; }
        th, td { border: 1px solid #cbd5e0; padding: 4px 8px; text-align: right; }
        main, header { overflow-wrap: break-word; }
        td.text { overflow-wrap: anywhere; min-width: 8em; }
        .wide { overflow-x: auto; max-width: 100%; }
        th.vertical { writing-mode: vertical-rl; text-align: left; white-space: nowrap; padding: 8px 4px; vertical-align: bottom; }
        th:first-child, td:first-child, th.text, td.text { text-align: left; }
        h3 { font-size: 1em; margin: 12px 0 4px; }
        figure { margin: 0 0 8px; }
        .grid { stroke: #e2e8f0; stroke-width: 1; }
        .legend { color: #4a5568; font-size: .9em; margin: 2px 0 8px; }
        .legend svg { vertical-align: middle; }
        thead th { background: #edf2f7; }
        svg { max-width: 100%; height: auto; }
        svg text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: #1a202c; }
        .bar { fill: #2b6cb0; }
        .avg { stroke: #c53030; stroke-width: 2; stroke-dasharray: 6 4; }
        .bar-resolved { fill: #38a169; }
        .bar-backlog { fill: #dd6b20; }
        svg text.value { font-size: 9px; }
        .backlog { fill: none; stroke: #dd6b20; stroke-width: 2; }
        .backlog-dot { fill: #dd6b20; }
        .axis { stroke: #4a5568; stroke-width: 1; }
        .empty { border: 2px dashed #a0aec0; border-radius: 8px; padding: 24px; text-align: center; font-size: 1.2em; }
        details { margin: 4px 0 12px; }
        .charts { display: flex; flex-wrap: wrap; gap: 24px; }
        .up { color: #9b2c2c; } .down { color: #276749; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          details { display: block; } details > summary { display: none; }
          h2 { break-after: avoid; } table, svg { break-inside: avoid; }
        }
        """

    package static let period = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Support tickets — {{label}}</title>
        <style>{{{css}}}</style>
        </head>
        <body>
        <header>
        <h1>Support tickets — {{label}}</h1>
        <p class="meta">{{start}} to {{end}} ({{days}} days, {{timezone}}) · generated {{generated_at}} by {{generated_by}}</p>{{#partial}}
        <p class="meta" role="note">The period reaches past the report's time: {{days_elapsed}} of its {{days}} days had begun, and the average per calendar day is over those {{days_elapsed}}.</p>{{/partial}}
        </header>
        <main>
        {{#empty}}
        <p class="empty" role="status">No tickets were created in this period.</p>
        {{/empty}}
        {{#flow}}
        {{> section_flow}}
        {{/flow}}
        {{> section_totals}}
        {{#trend_chart}}
        {{> section_trend}}
        {{/trend_chart}}
        {{#has_backlog}}
        {{> section_age}}
        {{/has_backlog}}
        {{#has_dimensions}}
        {{> section_teams}}
        {{/has_dimensions}}
        {{#has_service}}
        {{> section_service}}
        {{/has_service}}
        {{^empty}}
        {{> section_daily}}
        {{> section_breakdown}}
        {{> section_matrix}}
        {{> section_resolution}}
        {{/empty}}
        {{#has_resolved}}
        {{> section_resolved}}
        {{/has_resolved}}
        {{> section_change}}
        {{^empty}}
        {{> section_sources}}
        {{/empty}}
        {{#has_oldest_open}}
        {{> section_open}}
        {{/has_oldest_open}}
        </main>
        </body>
        </html>

        """

    // The page's sections, each its own partial: swift-mustache measures what is left of the template at every
    // tag, so parsing one 14 KB template cost ~14 ms, and small ones cost a fraction of that.
    package static let section_flow = """
        <section aria-labelledby="flow-h">
        <h2 id="flow-h">Flow and backlog</h2>
        <div class="cards">
        <div class="card"><div class="value">{{created}}</div><div class="name">tickets created</div></div>
        <div class="card"><div class="value">{{resolved}}</div><div class="name">tickets resolved (created any time)</div></div>
        <div class="card"><div class="value">{{backlog_start}}</div><div class="name">backlog at period start</div></div>
        <div class="card"><div class="value">{{backlog_end}}</div><div class="name">backlog at period end</div></div>
        <div class="card"><div class="value"><span aria-hidden="true">{{arrow}}</span> {{net_change}}</div><div class="name">net change of the backlog</div></div>
        </div>
        <p class="legend">The backlog counts every ticket in the store created before the instant and not resolved before it.{{#closed_without_time}} {{closed_without_time}} tickets marked resolved or closed without a resolution time are counted apart.{{/closed_without_time}}</p>
        </section>

        """

    package static let section_totals = """
        <section aria-labelledby="totals-h">
        <h2 id="totals-h">Tickets created in the period</h2>
        <div class="cards">
        <div class="card"><div class="value">{{tickets}}</div><div class="name">tickets created</div></div>
        <div class="card"><div class="value">{{avg_per_day}}</div><div class="name">average per calendar day{{#partial}} so far{{/partial}}</div></div>
        <div class="card"><div class="value">{{avg_per_active_day}}</div><div class="name">average per day with tickets</div></div>
        <div class="card"><div class="value">{{open_at_end}}</div><div class="name">of those, open at period end</div></div>
        <div class="card"><div class="value">{{unlabeled}}</div><div class="name">of those, without category or priority</div></div>
        </div>
        </section>

        """

    package static let section_trend = """
        <section aria-labelledby="trend-h">
        <h2 id="trend-h">Trend: the last {{count}} {{unit}}</h2>
        <svg role="img" aria-labelledby="trend-title trend-desc" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}">
        <title id="trend-title">Created, resolved and backlog at the end of each of the last {{count}} {{unit}}</title>
        <desc id="trend-desc">Pairs of bars show tickets created and resolved in each period; the line is the backlog at each period's end. The table below lists the values.</desc>
        {{#y_ticks}}<line class="grid" x1="{{left}}" y1="{{y}}" x2="{{right}}" y2="{{y}}"/><text x="{{label_x}}" y="{{text_y}}" text-anchor="end">{{value}}</text>
        {{/y_ticks}}
        <line class="axis" x1="{{left}}" y1="{{axis_y}}" x2="{{right}}" y2="{{axis_y}}"/>
        {{#points}}<rect class="bar" x="{{created_x}}" y="{{created_y}}" width="{{bar_width}}" height="{{created_height}}"><title>{{label}}: {{created}} created</title></rect><rect class="bar-resolved" x="{{resolved_x}}" y="{{resolved_y}}" width="{{bar_width}}" height="{{resolved_height}}"><title>{{label}}: {{resolved}} resolved</title></rect><circle class="backlog-dot" cx="{{center_x}}" cy="{{backlog_y}}" r="3"><title>{{label}}: backlog {{backlog_end}}</title></circle><text x="{{center_x}}" y="{{label_y}}" text-anchor="middle">{{short_label}}</text>
        {{/points}}
        <polyline class="backlog" points="{{backlog_points}}"/>
        </svg>
        <p class="legend"><svg width="12" height="10" aria-hidden="true"><rect class="bar" width="12" height="10"/></svg> created <svg width="12" height="10" aria-hidden="true"><rect class="bar-resolved" width="12" height="10"/></svg> resolved <svg width="28" height="10" aria-hidden="true"><line class="backlog" x1="0" y1="5" x2="28" y2="5"/></svg> backlog at period end</p>
        <details><summary>Trend values</summary>
        <table><thead><tr><th scope="col">Period</th><th scope="col" class="text">Dates</th><th scope="col">Created</th><th scope="col">Resolved</th><th scope="col">Backlog at end</th></tr></thead><tbody>
        {{#points}}<tr><td>{{label}}</td><td class="text">{{start}} – {{end}}</td><td>{{created}}</td><td>{{resolved}}</td><td>{{backlog_end}}</td></tr>
        {{/points}}
        </tbody></table>
        </details>
        </section>

        """

    package static let section_age = """
        <section aria-labelledby="backlog-age-h">
        <h2 id="backlog-age-h">Backlog by age at period end</h2>
        <div class="charts">
        {{#age_chart}}{{> bars}}{{/age_chart}}
        </div>
        <details><summary>Backlog by age, per category and priority</summary>
        <table><thead><tr><th scope="col">Label</th>{{#age_names}}<th scope="col">{{.}}</th>{{/age_names}}<th scope="col">Total</th></tr></thead><tbody>
        {{#age_rows}}<tr><td>{{kind}}: {{label}}</td>{{#values}}<td>{{.}}</td>{{/values}}<td>{{total}}</td></tr>
        {{/age_rows}}
        </tbody></table>
        </details>
        </section>

        """

    package static let section_teams = """
        <section aria-labelledby="teams-h">
        <h2 id="teams-h">By group, assignee, channel and tag</h2>
        <p class="legend">Over the whole store: the 15 values with the most tickets created in the period, then the rest together. <svg width="12" height="10" aria-hidden="true"><rect class="bar" width="12" height="10"/></svg> created in the period <svg width="12" height="10" aria-hidden="true"><rect class="bar-resolved" width="12" height="10"/></svg> resolved in it <svg width="12" height="10" aria-hidden="true"><rect class="bar-backlog" width="12" height="10"/></svg> in the backlog at its end</p>
        <div class="charts">
        {{#dimension_charts}}{{> dimension}}{{/dimension_charts}}
        </div>
        </section>

        """

    package static let section_service = """
        <section aria-labelledby="service-h">
        <h2 id="service-h">First response and satisfaction (tickets created in the period)</h2>
        <div class="cards">
        {{#first_response}}<div class="card"><div class="value">{{median}}</div><div class="name">median hours to first response ({{count}} tickets)</div></div>
        <div class="card"><div class="value">{{p90}}</div><div class="name">90th percentile, hours to first response</div></div>{{/first_response}}
        {{#satisfaction}}<div class="card"><div class="value">{{responses}}</div><div class="name">satisfaction answers</div></div>
        {{#share_good}}<div class="card"><div class="value">{{share_good}} %</div><div class="name">rated good, of {{rated}} ratings</div></div>{{/share_good}}
        {{#mean_score}}<div class="card"><div class="value">{{mean_score}}</div><div class="name">mean score of 5, of {{scores}} scores</div></div>{{/mean_score}}{{/satisfaction}}
        </div>
        </section>

        """

    package static let section_daily = """
        <section aria-labelledby="daily-h">
        <h2 id="daily-h">Tickets per day</h2>
        {{#daily_chart}}
        <svg role="img" aria-labelledby="daily-title daily-desc" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}">
        <title id="daily-title">Tickets created per day</title>
        <desc id="daily-desc">Bars show tickets created each day; the dashed line is the average per calendar day. The table below lists the values.</desc>
        {{#y_ticks}}<line class="grid" x1="{{left}}" y1="{{y}}" x2="{{right}}" y2="{{y}}"/><text x="{{label_x}}" y="{{text_y}}" text-anchor="end">{{value}}</text>
        {{/y_ticks}}
        <line class="axis" x1="{{left}}" y1="{{axis_y}}" x2="{{right}}" y2="{{axis_y}}"/>
        {{#bars}}<rect class="bar" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{date}}: {{tickets}}</title></rect>
        {{/bars}}
        <line class="avg" x1="{{left}}" y1="{{avg_y}}" x2="{{right}}" y2="{{avg_y}}"><title>average per day</title></line>
        {{#ticks}}<text x="{{x}}" y="{{label_y}}" text-anchor="middle">{{label}}</text>
        {{/ticks}}
        </svg>
        <p class="legend"><svg width="28" height="10" aria-hidden="true"><line class="avg" x1="0" y1="5" x2="28" y2="5"/></svg> average per calendar day ({{avg_label}})</p>
        {{/daily_chart}}
        <details><summary>Daily values</summary>
        <table><thead><tr><th scope="col">Date</th><th scope="col">Tickets</th></tr></thead><tbody>
        {{#daily}}<tr><td>{{date}}</td><td>{{tickets}}</td></tr>
        {{/daily}}
        </tbody></table>
        </details>
        </section>

        """

    package static let section_breakdown = """
        <section aria-labelledby="breakdown-h">
        <h2 id="breakdown-h">Breakdowns</h2>
        <div class="charts">
        {{#category_chart}}{{> bars}}{{/category_chart}}
        {{#priority_chart}}{{> bars}}{{/priority_chart}}
        {{#status_chart}}{{> bars}}{{/status_chart}}
        </div>
        </section>

        """

    package static let section_matrix = """
        <section aria-labelledby="matrix-h">
        <h2 id="matrix-h">Category × priority</h2>
        <div class="wide"><table><thead><tr><th scope="col">Category</th>{{#priorities}}<th scope="col"{{#matrix_vertical}} class="vertical"{{/matrix_vertical}}>{{.}}</th>{{/priorities}}</tr></thead><tbody>
        {{#matrix}}<tr><th scope="row">{{category}}</th>{{#cells}}<td style="background: {{background}}">{{count}}</td>{{/cells}}</tr>
        {{/matrix}}
        </tbody></table></div>
        </section>

        """

    package static let section_resolution = """
        <section aria-labelledby="resolution-h">
        <h2 id="resolution-h">Resolution time (hours)</h2>
        <table><thead><tr><th scope="col">Group</th><th scope="col">Resolved</th><th scope="col">Mean</th><th scope="col">Median</th><th scope="col">90th percentile</th></tr></thead><tbody>
        {{#resolution}}<tr><td>{{kind}}: {{label}}</td><td>{{count}}</td><td>{{mean}}</td><td>{{median}}</td><td>{{p90}}</td></tr>
        {{/resolution}}
        </tbody></table>
        </section>

        """

    package static let section_resolved = """
        <section aria-labelledby="resolved-h">
        <h2 id="resolved-h">Tickets resolved in the period: hours to resolution</h2>
        <table><thead><tr><th scope="col">Group</th><th scope="col">Resolved</th><th scope="col">Median</th><th scope="col">90th percentile</th></tr></thead><tbody>
        {{#resolved_hours}}<tr><td>{{kind}}: {{label}}</td><td>{{count}}</td><td>{{median}}</td><td>{{p90}}</td></tr>
        {{/resolved_hours}}
        </tbody></table>
        </section>

        """

    package static let section_change = """
        <section aria-labelledby="change-h">
        <h2 id="change-h">Compared with the previous period ({{previous_label}})</h2>
        <table><thead><tr><th scope="col">Measure</th><th scope="col">Previous</th><th scope="col">This period</th><th scope="col">Change</th><th scope="col">Change %</th></tr></thead><tbody>
        {{#changes}}<tr><td>{{name}}</td><td>{{before}}</td><td>{{now}}</td><td><span aria-hidden="true">{{arrow}}</span> {{absolute}}</td><td>{{percent}}</td></tr>
        {{/changes}}
        </tbody></table>
        </section>

        """

    package static let section_sources = """
        <section aria-labelledby="sources-h">
        <h2 id="sources-h">Where labels came from</h2>
        <table><thead><tr><th scope="col">Label</th>{{#sources_header}}<th scope="col">{{.}}</th>{{/sources_header}}</tr></thead><tbody>
        {{#sources}}<tr><td>{{kind}}</td>{{#values}}<td>{{count}}</td>{{/values}}</tr>
        {{/sources}}
        </tbody></table>
        <p>Classification spent ${{cost}} on {{requests}} requests for this period's tickets.</p>
        </section>

        """

    package static let section_open = """
        <section aria-labelledby="open-h">
        <h2 id="open-h">Oldest tickets in the backlog at period end</h2>
        <table><thead><tr><th scope="col">Ticket</th><th scope="col" class="text">Title</th><th scope="col" class="text">Created</th><th scope="col" class="text">Category</th><th scope="col" class="text">Priority</th></tr></thead><tbody>
        {{#oldest_open}}<tr><td>{{id}}</td><td class="text">{{title}}</td><td class="text">{{created_at}}</td><td class="text">{{category}}</td><td class="text">{{priority}}</td></tr>
        {{/oldest_open}}
        </tbody></table>
        </section>

        """

    package static let dimension = """
        <figure>
        <h3 id="{{id}}-h">{{title}}</h3>
        <svg role="img" aria-labelledby="{{id}}-title" viewBox="0 0 560 {{height}}" width="560" height="{{height}}">
        <title id="{{id}}-title">{{title}}</title>
        {{#rows}}<text x="0" y="{{text_y}}">{{short_label}}{{#cut}}<title>{{label}}</title>{{/cut}}</text>{{#created_bar}}<rect class="bar" x="{{bar_x}}" y="{{y}}" width="{{width}}" height="8"/><text class="value" x="{{width}}" dx="{{value_dx}}" y="{{text_y}}">{{value}}</text>{{/created_bar}}{{#resolved_bar}}<rect class="bar-resolved" x="{{bar_x}}" y="{{y}}" width="{{width}}" height="8"/><text class="value" x="{{width}}" dx="{{value_dx}}" y="{{text_y}}">{{value}}</text>{{/resolved_bar}}{{#backlog_bar}}<rect class="bar-backlog" x="{{bar_x}}" y="{{y}}" width="{{width}}" height="8"/><text class="value" x="{{width}}" dx="{{value_dx}}" y="{{text_y}}">{{value}}</text>{{/backlog_bar}}
        {{/rows}}
        </svg>
        <figcaption>
        <details><summary>{{title}}: values</summary>
        <table><thead><tr><th scope="col" class="text">{{name}}</th><th scope="col">Created</th><th scope="col">Resolved</th><th scope="col">Backlog at end</th></tr></thead><tbody>
        {{#rows}}<tr><td class="text">{{label}}</td><td>{{created}}</td><td>{{resolved}}</td><td>{{backlog_end}}</td></tr>
        {{/rows}}
        </tbody></table>
        </details>
        </figcaption>
        </figure>
        """

    package static let bars = """
        <figure>
        <h3 id="{{id}}-h">{{title}}</h3>
        <svg role="img" aria-labelledby="{{id}}-title" viewBox="0 0 560 {{height}}" width="560" height="{{height}}">
        <title id="{{id}}-title">{{title}}</title>
        {{#rows}}<text x="0" y="{{text_y}}">{{short_label}}{{#cut}}<title>{{label}}</title>{{/cut}}</text><rect class="bar" x="{{bar_x}}" y="{{y}}" width="{{width}}" height="20"/><text x="{{width}}" dx="{{value_dx}}" y="{{text_y}}">{{count}} ({{share}} %)</text>
        {{/rows}}
        </svg>
        <figcaption>
        <details><summary>{{title}}: values</summary>
        <table><thead><tr><th scope="col">{{id}}</th><th scope="col">Tickets</th><th scope="col">Share</th></tr></thead><tbody>
        {{#rows}}<tr><td>{{label}}</td><td>{{count}}</td><td>{{share}} %</td></tr>
        {{/rows}}
        </tbody></table>
        </details>
        </figcaption>
        </figure>
        """

    /// Every section partial by name, for the renderer's library.
    package static let sections: [String: String] = [
        "section_flow": section_flow,
        "section_totals": section_totals,
        "section_trend": section_trend,
        "section_age": section_age,
        "section_teams": section_teams,
        "section_service": section_service,
        "section_daily": section_daily,
        "section_breakdown": section_breakdown,
        "section_matrix": section_matrix,
        "section_resolution": section_resolution,
        "section_resolved": section_resolved,
        "section_change": section_change,
        "section_sources": section_sources,
        "section_open": section_open,
    ]
}
