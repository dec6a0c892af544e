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

struct ExportCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every ticket with its labels and where they came from, in our own columns.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "csv or jsonl (default: as --out's extension names, else csv).")
    var format: ImportFormat?

    @Option(help: "Write to this file (atomically) instead of stdout ('-' is stdout, as for import).")
    var out: String?

    /// The file to write, or nil for stdout.
    private var outputFile: String? { out == "-" ? nil : out }

    @Option(help: "Only tickets created on or after this date or time (UTC unless it has an offset).")
    var since: String?

    @Option(help: "Only tickets created up to this date (inclusive) or before this time.")
    var until: String?

    @Option(help: "Only tickets created in this period, as report names them (last-week, 2026-11, …); not with --since/--until.")
    var period: String?

    @Option(help: "Time zone whose calendar days --period counts (default UTC).")
    var timezone: String = "UTC"

    @Flag(help: "Print the summary as JSON on stdout (with --out).")
    var json = false

    func validate() throws {
        try PathArgument.requireNonEmpty(out, "--out")
        if json, outputFile == nil { throw ValidationError("--json needs --out: without it the export is what stdout carries") }
        if period != nil, since != nil || until != nil { throw ValidationError("--period or --since/--until: one way of choosing the tickets") }
    }

    func run() async throws {
        do {
            var options = ExportOptions()
            options.format = try ExportOptions.format(forOutput: outputFile, given: format)
            if let period {
                guard let zone = TimeZone(identifier: timezone) else { throw ReportError.unknownTimeZone(timezone) }
                (options.since, options.until) = try ReportPeriod.parse(period, now: Date(), timeZone: zone).instants
            } else {
                (options.since, options.until) = try DateArgument.window(since: since, until: until)
            }
            let store = try global.openStoreToRead()
            let logger = global.makeLogger("export")
            let exporter = Exporter(store: store, logger: logger)
            let outputFile = self.outputFile
            if let out = outputFile { try store.refuseOverwriting(out) }
            // On a task of its own, so that SIGINT/SIGTERM cancel it: the export stops before its next chunk, and
            // its temporary file goes with it (the default action of the signals left it beside the output).
            let signals = SignalCancellation(logger: logger)
            let task = Task {
                guard let out = outputFile else {
                    // The tickets are the result on stdout; their count goes beside it, on stderr.
                    return try exporter.export(options: options, progress: { ProgressLine.shared.update(Self.describe($0)) }) {
                        FileHandle.standardOutput.write(Data($0))
                    }
                }
                let file = try AtomicFileWriter(path: out, mode: 0o600)
                let count = try exporter.export(options: options, progress: { ProgressLine.shared.update(Self.describe($0)) }) { try file.write($0) }
                ProgressLine.shared.clear()
                try file.commit()
                return count
            }
            let count = try await signals.value(
                of: task,
                stopped: "export interrupted; " + (outputFile.map { "\($0) was not written" } ?? "the tickets on stdout end short of the last"))
            ProgressLine.shared.clear()
            if let out = outputFile {
                if json {
                    try Output.printJSON(["exported": count])
                } else {
                    Output.line("exported \(Output.counted(count, "ticket")) to \(out)")
                }
            } else {
                Output.error("exported \(Output.counted(count, "ticket"))")
            }
        } catch {
            ProgressLine.shared.clear()
            throw ExitStatus.report(error)
        }
    }

    /// The progress line on a terminal: a million tickets take several seconds.
    static func describe(_ progress: ExportProgress) -> String {
        "exporting: \(progress.exported) of \(progress.total) tickets"
    }
}
