import Foundation
import TicketModel
import TicketDatabase

/// The `report` step: parse the period, aggregate, render, write.
public struct ReportJob {
    public let store: TicketStore
    public let period: String
    public let timezone: String
    public let formats: String
    public let outputDirectory: String

    public init(store: TicketStore, period: String, timezone: String, formats: String, outputDirectory: String) {
        self.store = store
        self.period = period
        self.timezone = timezone
        self.formats = formats
        self.outputDirectory = outputDirectory
    }

    /// The period and the formats `period`, `timezone` and `formats` name, or the error that says what is wrong
    /// with them: a command checks them before it opens the store, so that a mistyped period is named as such
    /// and not as a missing database.
    public static func parse(
        period: String, timezone: String, formats: String, now: Date
    ) throws -> (period: ReportPeriod, formats: [ReportWriter.Format]) {
        guard let zone = TimeZone(identifier: timezone) else { throw ReportError.unknownTimeZone(timezone) }
        return (try ReportPeriod.parse(period, now: now, timeZone: zone), try ReportWriter.formats(formats))
    }

    /// - Parameter now: the instant relative periods count from; also the report's `generated_at`.
    public func run(now: Date) throws -> (report: PeriodReport, paths: [String]) {
        try run(Self.parse(period: period, timezone: timezone, formats: formats, now: now), now: now)
    }

    /// Runs with the period and formats `parse` gave for this job's settings at `now` (a command that checked them
    /// before opening the store).
    public func run(
        _ parsed: (period: ReportPeriod, formats: [ReportWriter.Format]), now: Date
    ) throws -> (report: PeriodReport, paths: [String]) {
        let (parsed, formats) = parsed
        let report = try ReportAggregator(store: store).report(for: parsed, generatedAt: now)
        let paths = try ReportWriter(directory: outputDirectory).write(report, formats: formats, baseName: parsed.label)
        return (report, paths)
    }
}
