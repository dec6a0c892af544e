import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketJobs

@Suite struct ReportCLITests {
    let directory: TemporaryDirectory
    let runner: CommandRunner

    init() throws {
        directory = try TemporaryDirectory()
        runner = CommandRunner(workingDirectory: directory.url)
        let input = try directory.write(
            "extra.csv",
            """
            id,title,description,created_at
            X-1,<script>alert(1)</script>,Evil title,2026-11-10T10:00:00Z
            X-2,<script>alert(1)</script>,Evil title and the oldest of the backlog,2026-09-30T10:00:00Z

            """)
        _ = try runner.run(["import", Fixtures.path("tickets.csv"), input, "--db", "t.sqlite"])
    }

    @Test func writesBothReportsAtomicallyAndPrintsTheirPaths() throws {
        let result = try runner.run(["report", "--period", "2026-W46", "--db", "t.sqlite"])
        #expect(result.status == 0, "\(result.stderr)")
        let paths = result.stdout.split(separator: "\n").map(String.init)
        #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ["2026-W46.html", "2026-W46.json"])
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path("reports"))
        #expect(files.sorted() == ["2026-W46.html", "2026-W46.json"])
    }

    @Test func invalidPeriodFailsClearly() throws {
        let result = try runner.run(["report", "--period", "2026-W99", "--db", "t.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("invalid period '2026-W99'"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("reports")))
    }

    /// A mistyped period (or format) is named as such even when the database path is wrong too: it is checked
    /// before the store is opened, and the run says what to fix first.
    @Test func aMistypedPeriodIsNamedBeforeAMissingDatabase() throws {
        let period = try runner.run(["report", "--period", "last-weak", "--db", "missing.sqlite"])
        #expect(period.status == 1)
        #expect(period.stderr.contains("invalid period 'last-weak'") && !period.stderr.contains("no database"), "\(period.stderr)")
        let format = try runner.run(["report", "--period", "2026-W46", "--format", "pdf", "--db", "missing.sqlite"])
        #expect(format.status == 1 && format.stderr.contains("unknown report format 'pdf'"), "\(format.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("missing.sqlite")))
    }

    /// A period wholly after today (2027 typed for 2026, say) is written as asked, and said to have not begun: its
    /// report shows nothing created, as a quiet period's would.
    @Test func aPeriodThatHasNotBegunIsSaidToBeSo() throws {
        let next = try runner.run(["report", "--period", "2999-01", "--db", "t.sqlite"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("2999-01 has not begun: no ticket was created in it yet"), "\(next.stderr)")
        #expect(next.stderr.contains(#""starts":"2999-01-01 (UTC)""#), "\(next.stderr)")
        let past = try runner.run(["report", "--period", "2026-W46", "--db", "t.sqlite"])
        #expect(past.status == 0 && !past.stderr.contains("has not begun"), "\(past.stderr)")
    }

    @Test func jsonFlagPrintsTheReport() throws {
        let result = try runner.run(["report", "--period", "2026-11-10", "--db", "t.sqlite", "--format", "json", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // 11 fixture tickets were created that day, plus X-1.
        #expect((object["totals"] as? [String: Any])?["tickets"] as? Int == 12)
    }

    /// A calendar year: compared with the year before, its trend the four years before it, named as years.
    @Test func aYearIsAPeriodWithItsOwnTrend() throws {
        let result = try runner.run(["report", "--period", "2026", "--db", "t.sqlite", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["totals"] as? [String: Any])?["tickets"] as? Int == 302)
        #expect((object["previous_period"] as? [String: Any])?["label"] as? String == "2025")
        #expect((object["trend"] as? [[String: Any]])?.map { $0["label"] as? String } == ["2022", "2023", "2024", "2025", "2026"])
        let html = try String(contentsOfFile: directory.path("reports/2026.html"), encoding: .utf8)
        #expect(html.contains("Trend: the last 5 years"))
    }

    /// A quarter: compared with the quarter before, its trend the four before it, named as quarters.
    @Test func aQuarterIsAPeriodWithItsOwnTrend() throws {
        let result = try runner.run(["report", "--period", "2026-Q4", "--db", "t.sqlite", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["period"] as? [String: Any])?["days"] as? Int == 92)
        #expect((object["previous_period"] as? [String: Any])?["label"] as? String == "2026-Q3")
        #expect((object["trend"] as? [[String: Any]])?.map { $0["label"] as? String } == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
        let html = try String(contentsOfFile: directory.path("reports/2026-Q4.html"), encoding: .utf8)
        #expect(html.contains("Trend: the last 5 quarters"))
    }

    /// A week in which no ticket was created still charts, per group, the tickets resolved in it and those in the
    /// backlog at its end: the chart drew created alone, all zeros, and the backlog only in its folded table.
    @Test func aQuietWeekStillChartsTheBacklogPerGroup() throws {
        let result = try runner.run(["report", "--period", "2026-W48", "--db", "t.sqlite", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let groups = try #require((object["breakdowns"] as? [String: Any])?["group"] as? [String: [String: Int]])
        #expect(groups.values.allSatisfy { $0["created"] == 0 } && groups.values.contains { ($0["backlog_end"] ?? 0) > 0 })
        let html = try String(contentsOfFile: directory.path("reports/2026-W48.html"), encoding: .utf8)
        let start = try #require(html.range(of: #"<title id="by-group-title">"#)).upperBound
        let svg = html[start..<html[start...].range(of: "</svg>")!.lowerBound]
        for (name, counts) in groups {
            let row = try #require(svg.split(separator: "\n").first { $0.hasPrefix("<text x=\"0\" y=") && $0.contains(">\(name)</text>") })
            let backlog = try #require(row.firstMatch(of: #/<rect class="bar-backlog" [^>]*width="([0-9.]+)"[^>]*/><text class="value"[^>]*>(\d+)</text>/#))
            let drawn = (Double(backlog.1) ?? 0) > 0
            #expect(Int(backlog.2) == counts["backlog_end"] && drawn == ((counts["backlog_end"] ?? 0) > 0), "\(row)")
        }
    }

    /// A title pasted as one long URL, an assignee's long address and a tag of 300 characters are wrapped or cut,
    /// so the report stays within a 1280 px window, its folded tables opened (the oldest-open table ran 3,109 px).
    @Test func longUnbrokenTextStaysWithinTheWindow() throws {
        let url = "https://help.example.com/tickets/" + String(repeating: "x", count: 300)
        let input = try directory.write("long.csv", """
            id,title,description,created_at,assignee,tags
            L-1,\(url),\(url),2026-11-10T10:00:00Z,a.very.long.assignee.name.with.dots@support.example-company.com,\(url)

            """)
        #expect(try runner.run(["import", input, "--db", "t.sqlite"]).status == 0)
        #expect(try runner.run(["report", "--period", "2026-W46", "--db", "t.sqlite"]).status == 0)
        let html = directory.path("reports/2026-W46.html")
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains(url))
        let layout = try HeadlessBrowser.layoutWidth(of: html)
        #expect(layout.scroll <= layout.client, "the report lays out \(layout.scroll) px wide in \(layout.client)")
    }

    /// Headless Chromium loads the report: it renders, and the escaped title is text, not a script.
    @Test func reportRendersInARealBrowser() throws {
        let browser = try #require(HeadlessBrowser.path, "chromium is not installed: `make test` installs it")
        _ = try runner.run(["report", "--period", "2026-W46", "--db", "t.sqlite"])
        let html = directory.path("reports/2026-W46.html")
        let flags = HeadlessBrowser.flags
        let dom = try Shell.run(browser, flags + ["--dump-dom", "file://" + html], in: directory.url)
        #expect(dom.status == 0)
        #expect(dom.stdout.contains("Support tickets — 2026-W46"))
        #expect(dom.stdout.contains("Tickets per day"))
        for heading in [
            "Flow and backlog", "Tickets created in the period", "Trend: the last 9 weeks", "Backlog by age at period end",
            "Tickets resolved in the period: hours to resolution", "Oldest tickets in the backlog at period end",
            "By group, assignee, channel and tag", "By assignee", "First response and satisfaction",
        ] {
            #expect(dom.stdout.contains(heading), "\(heading)")
        }
        #expect(dom.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!dom.stdout.contains("<script>"))
        let png = directory.path("shot.png")
        let shot = try Shell.run(browser, flags + ["--screenshot=" + png, "--window-size=1000,1600", "file://" + html], in: directory.url)
        #expect(shot.status == 0)
        let size = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size > 20_000)
        let pdf = directory.path("report.pdf")
        _ = try Shell.run(browser, flags + ["--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + html], in: directory.url)
        #expect(FileManager.default.fileExists(atPath: pdf))
    }
}
