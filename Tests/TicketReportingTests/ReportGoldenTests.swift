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
