import ArgumentParser
import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

struct ReportCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the JSON and HTML report of a period into reports/.",
        discussion: """
            PERIOD is a day (2026-11-23), an ISO week (2026-W47), a month (2026-11), a quarter (2026-Q4), a year \
            (2026), an inclusive range (2026-11-01..2026-11-14), or today, yesterday, this-week, last-week, \
            week-to-date, this-month, last-month, this-quarter, last-quarter, this-year, last-year. Prints the paths \
            written.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The period to report on.")
    var period: String

    @Option(help: "Time zone whose calendar days the period counts.")
    var timezone: String = "UTC"

    @Option(help: "Comma-separated formats: html, json.")
    var format: String = "html,json"

    @Option(help: "Folder to write into.")
    var out: String = "reports"

    @Flag(help: "Print the JSON report on stdout as well.")
    var json = false

    func validate() throws {
        try PathArgument.requireReportFolder(out, "--out")
    }

    func run() async throws {
        do {
            let now = Date()
            let parsed = try ReportJob.parse(period: period, timezone: timezone, formats: format, now: now)
            let result = try ReportJob(
                store: try global.openStoreToRead(), period: period, timezone: timezone, formats: format, outputDirectory: out
            ).run(parsed, now: now)
            if result.report.daysElapsed == 0 {
                // Most often a mistyped year: the report is written, empty, and would otherwise look like a quiet one.
                global.makeLogger("report").notice(
                    "\(result.report.period.label) has not begun: no ticket was created in it yet",
                    metadata: ["starts": "\(result.report.period.start) (\(result.report.period.timezone))"])
            }
            if json {
                FileHandle.standardOutput.write(try JSONReportRenderer.render(result.report))
            } else {
                for path in result.paths { Output.line(path) }
            }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
