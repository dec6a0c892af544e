import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketReporting

/// The JSON and HTML reports of the fixtures, compared byte for byte with reviewed golden files.
/// After an intended change: `UPDATE_GOLDEN=1 swift test --filter ReportGoldenTests`, then review the diff.
@Suite struct ReportGoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func fixtureReport() throws -> PeriodReport {
        let store = try TicketStore()
        let directory = try TemporaryDirectory()
        var options = ImportOptions()
        options.rejectsPath = directory.path("rejects.csv")
        _ = try Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger())
            .run(paths: [Fixtures.path("tickets.csv")], options: options)
        let generatedAt = TicketSeeder.date("2026-11-25T08:00:00Z")
        let period = try ReportPeriod.parse("2026-W46", now: generatedAt, timeZone: TimeZone(identifier: "UTC")!)
        var report = try ReportAggregator(store: store).report(for: period, generatedAt: generatedAt)
        // The golden files do not change with the version a build was given.
        #expect(report.generatedBy == "ticketjobs \(BuildInfo.version)")
        report.generatedBy = "ticketjobs dev"
        return report
    }

    func compare(_ actual: Data, golden name: String) throws {
        let url = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url)
            return
        }
        let expected = try Data(contentsOf: url)
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(name) differs")
    }

    @Test func jsonReportMatchesGolden() throws {
        try compare(try JSONReportRenderer.render(try fixtureReport()), golden: "2026-W46.json")
    }

    @Test func htmlReportMatchesGolden() throws {
        try compare(Data(try HTMLReportRenderer().render(try fixtureReport()).utf8), golden: "2026-W46.html")
    }

    /// Every `id` in the report is its own: headings and charts are named by them (`aria-labelledby`).
    @Test func noIdAppearsTwiceInTheHTMLReport() throws {
        let html = try HTMLReportRenderer().render(try fixtureReport())
        let ids = try Regex(#" id="([^"]+)""#)
        let found = html.matches(of: ids).map { String(html[$0.range].dropFirst(5).dropLast()) }
        #expect(found.count > 10)
        #expect(Dictionary(grouping: found) { $0 }.filter { $0.value.count > 1 }.keys.sorted() == [])
    }

    /// A taxonomy's long label is drawn left of its bar, cut with "…" past the widest column and whole in its
    /// tooltip and the table; it used to run under the bars, over the next label's value.
    @Test func longLabelsAreDrawnLeftOfTheBars() throws {
        var report = try fixtureReport()
        let long = "service_outages_and_planned_maintenance"
        report.labels["category"] = report.labels(of: "category").map { $0 == "general" ? long : $0 }
        report.breakdowns.category[long] = report.breakdowns.category.removeValue(forKey: "general")
        let html = try HTMLReportRenderer().render(report)
        let chart = try #require(html.range(of: #"<title id="category-title">"#)).upperBound
        let svg = String(html[chart..<html[chart...].range(of: "</svg>")!.lowerBound])
        let cut = try #require(svg.split(separator: "\n").first { $0.contains("<title>\(long)</title>") })
        #expect(cut.contains(">service_outages_and_planned_main…<title>"), "\(cut)")
        #expect(svg.contains(#"<rect class="bar" x="228""#) && !svg.contains(#"x="90""#), "\(svg)")
        #expect(html.contains("<td>\(long)</td>"))
    }

    @Test func jsonReportValidatesAgainstTheSchema() throws {
        let directory = try TemporaryDirectory()
        let report = try directory.write("report.json", try JSONReportRenderer.render(try fixtureReport()))
        let empty = try TicketStore()
        let period = try ReportPeriod.parse("2026-11", now: Date(), timeZone: TimeZone(identifier: "UTC")!)
        let emptyReport = try directory.write(
            "empty.json", try JSONReportRenderer.render(try ReportAggregator(store: empty).report(for: period, generatedAt: Date())))
        let schema = Fixtures.root.appendingPathComponent("Docs/report.schema.json").path
        for path in [report, emptyReport] {
            let result = try Shell.run(
                "/usr/bin/env",
                ["python3", "-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                 path, schema])
            #expect(result.status == 0, "\(result.stderr)")
        }
    }
}
