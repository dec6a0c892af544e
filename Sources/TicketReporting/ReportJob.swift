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

    /// - Parameter now: the instant relative periods count from; also the report's `generated_at`.
    public func run(now: Date) throws -> (report: PeriodReport, paths: [String]) {
        guard let zone = TimeZone(identifier: timezone) else { throw ReportError.unknownTimeZone(timezone) }
        let parsed = try ReportPeriod.parse(period, now: now, timeZone: zone)
        let formats = try ReportWriter.formats(self.formats)
        let report = try ReportAggregator(store: store).report(for: parsed, generatedAt: now)
        let paths = try ReportWriter(directory: outputDirectory).write(report, formats: formats, baseName: parsed.label)
        return (report, paths)
    }
}
