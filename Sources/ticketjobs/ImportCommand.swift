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

struct ImportCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import ticket exports (CSV, JSON Lines or JSON) into the database.",
        discussion: """
            Upserts by ticket id: importing the same file twice changes nothing. Rejected rows are written to a \
            rejects file that can be fixed and imported again. Exit status: 0 all rows imported, 3 some rows \
            rejected, 1 the run could not proceed.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Files to import; '-' reads standard input (with --format).")
    var files: [String]

    @Option(help: "csv or jsonl (JSON Lines, or a JSON array or API page of tickets; default: from the file extension).")
    var format: ImportFormat?

    @Option(
        help: """
            A preset (\(ColumnMapping.presetNames.joined(separator: ", "))) or a mapping file (YAML/JSON). Default: our \
            own column names; a file whose columns are a preset's and give no title under them stops, naming the preset.
            """)
    var mapping: String?

    @Option(help: "The files' encoding: utf-8 (default), windows-1252, iso-8859-1, utf-16, or any name iconv knows. A byte-order mark decides on its own.")
    var encoding: String?

    @Option(help: "CSV field separator; auto sniffs it from the header (tab for .tsv), and ',', ';', '|' work too.")
    var delimiter: CSVDelimiter = .auto

    @Option(help: "Time zone for timestamps without an offset.")
    var timezone: String = "UTC"

    @Option(help: "Where rejected rows go: a file for one input (or a folder), a folder for several (default: rejects/ beside the database).")
    var rejects: String?

    @Option(parsing: .unconditional, help: "Stop, keeping nothing of the file, when more rows than this are rejected.")
    var maxRejects: Int?

    @Option(parsing: .unconditional, help: "Reject a record with a field (CSV) or a line (JSONL) longer than this many bytes (10485760 is 10 MB).")
    var maxFieldBytes: Int = ImportOptions.defaultMaxFieldBytes

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func validate() throws {
        try PathArgument.requireNonEmpty(files, "a file to import")
        try PathArgument.requireNonEmpty(rejects, "--rejects")
        try PathArgument.requireNonEmpty(mapping, "--mapping")
        if files.contains("-") && format == nil {
            throw ValidationError("reading standard input needs --format csv or --format jsonl")
        }
        if let maxRejects, maxRejects < 0 { throw ValidationError("--max-rejects must be 0 or more") }
        if maxFieldBytes < 1 { throw ValidationError("--max-field-bytes must be 1 or more") }
        if rejects == "-" { throw ValidationError(Self.rejectsToStdout) }
    }

    /// Rejected rows on stdout would run into the summary there; they would go to a file named "-".
    static let rejectsToStdout = "--rejects names a file or a folder, not standard output (the summary is what stdout carries)"

    func run() async throws {
        let logger = global.makeLogger("import")
        do {
            var options = ImportOptions()
            options.format = format
            if mapping != nil { options.mapping = try ColumnMapping.resolve(mapping) }
            guard let zone = TimeZone(identifier: timezone) else { throw ImportError.unknownTimeZone(timezone) }
            options.timeZone = zone
            options.rejectsPath = rejects
            options.maxRejects = maxRejects
            options.maxFieldBytes = maxFieldBytes
            options.encoding = encoding
            options.delimiter = delimiter
            // Every file must be there before anything is stored (or a database created): a typo in the
            // second path would otherwise leave the first imported and a new database behind.
            for file in files where file != "-" { try ByteSource.checkReadable(file) }
            if let encoding { try ByteSource.checkEncoding(encoding) }
            _ = try Importer.rejectsPaths(for: files, options: options, database: global.databasePath)
            try Importer.checkHeaders(paths: files, options: options)
            let store = try global.openStore(create: true, forImport: true)
            if files.contains("-"), isatty(STDIN_FILENO) != 0 {
                // `import -` typed without a pipe would otherwise wait in silence for rows.
                let format = (format ?? .csv).rawValue
                Output.error(
                    "reading \(format.uppercased()) from the terminal: type or paste the rows, then press Ctrl-D "
                        + "(a file goes as 'ticketjobs import FILE' or '… | ticketjobs import - --format \(format)')")
            }
            let importer = Importer(store: store, logger: logger)
            let files = self.files
            // On a task of its own, so that SIGINT/SIGTERM cancel it: the import stops at its next batch commit.
            let signals = SignalCancellation(logger: logger)
            let task = Task {
                try importer.run(paths: files, options: options) { progress in
                    ProgressLine.shared.update(ImportCommand.describe(progress))
                }
            }
            signals.install(cancelling: task)
            let summary: ImportSummary
            do {
                summary = try await task.value
            } catch let interrupted as ImportInterrupted {
                ProgressLine.shared.clear()
                try printSummary(interrupted.summary)
                Output.failure("\(interrupted)", prefix: "stopped: ")
                throw ExitCode(signals.exitStatus ?? ExitStatus.interrupted)
            } catch let stopped as ImportStopped {
                // What was stored, then what stopped the run.
                ProgressLine.shared.clear()
                try printSummary(stopped.summary)
                throw stopped.error
            }
            ProgressLine.shared.clear()
            try printSummary(summary)
            if summary.rejected > 0 { throw ExitCode(ExitStatus.rowsRejected) }
        } catch {
            throw ExitStatus.report(error)
        }
    }

    private func printSummary(_ summary: ImportSummary) throws {
        if json {
            try Output.printJSON(summary)
        } else {
            Output.line(
                "read \(summary.read), inserted \(summary.inserted), updated \(summary.updated), "
                    + "unchanged \(summary.unchanged), rejected \(summary.rejected)")
            // Said when it is news: a file read as something other than comma-separated UTF-8.
            for file in summary.files where (file.encoding ?? "utf-8") != "utf-8" || (file.delimiter ?? "comma") != "comma" {
                Output.line("read \(file.file) as \(file.encoding ?? "utf-8")" + (file.delimiter.map { ", \($0)-separated" } ?? ""))
            }
            for file in summary.files where file.rejectsPath != nil {
                Output.line("rejected rows of \(file.file): \(file.rejectsPath!)")
            }
            for file in summary.files {
                if let line = Self.describeUnknownLabels(file) { Output.line(line) }
                if let line = Self.describeUnreadDates(file) { Output.line(line) }
            }
        }
    }

    /// The labels a file's rows were rejected for, most rows first, and what to do about them: a store's export
    /// read into a database that does not have that store's taxonomy yet rejects every labeled row.
    static func describeUnknownLabels(_ file: ImportFileSummary) -> String? {
        guard let unknown = file.unknownLabels, !unknown.isEmpty else { return nil }
        let kinds = unknown.keys.sorted().map { kind -> String in
            let labels = unknown[kind]!.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            let shown = labels.prefix(5).map { "'\($0.key)' (\($0.value))" }.joined(separator: ", ")
            // Past the limit the labels are no longer counted: there are more than the summary holds.
            let more = labels.count >= ImportFileSummary.unknownLabelLimit ? "at least \(labels.count - 5)" : "\(labels.count - 5)"
            return kind + " " + shown + (labels.count > 5 ? " and \(more) more" : "")
        }
        return "labels of \(file.file) outside the database's taxonomy: \(kinds.joined(separator: "; ")). "
            + "To keep them, give this database their taxonomy first ('ticketjobs taxonomy export' on the one they "
            + "come from, then 'ticketjobs taxonomy set FILE' here); to turn them into this one's labels "
            + "('ticketjobs taxonomy show'), map them under 'values:' in a mapping file ('ticketjobs mapping draft "
            + "\(file.file)' lists them)"
    }

    /// The rows a file's dates rejected, and where the export's own format is named: a legacy export writes
    /// every date one way, so that every row is rejected for it.
    static func describeUnreadDates(_ file: ImportFileSummary) -> String? {
        guard let unread = file.unreadDates else { return nil }
        return "dates of \(file.file) in no format read: \(Output.counted(unread.count, "row")), the first at line "
            + "\(unread.firstLine): \(unread.field) '\(unread.first)'. Besides ISO 8601, YYYY-MM-DD HH:MM:SS and Unix "
            + "seconds, a mapping file's date_formats: reads the export's own (e.g. [\"MM/dd/yyyy HH:mm\"] or "
            + "[\"dd.MM.yyyy HH:mm\"]); dates without an offset are read in --timezone"
    }

    static func describe(_ progress: ImportProgress) -> String {
        let rate = progress.elapsedSeconds > 0 ? Int(Double(progress.rows) / progress.elapsedSeconds) : 0
        var text = "importing \(progress.file): \(Output.counted(progress.rows, "row")), \(rate) rows/s"
        if let total = progress.totalBytes, total > 0 {
            text += ", \(megabytes(progress.bytesRead, of: total)) of \(megabytes(total, of: total)) MB"
        }
        return text
    }

    /// Whole megabytes, or tenths under 10 MB: a small export read "0 of 0 MB".
    static func megabytes(_ bytes: Int, of total: Int) -> String {
        total < 10 << 20 ? String(format: "%.1f", Double(bytes) / 1_048_576) : "\(bytes / 1_048_576)"
    }
}

extension ImportFormat: ExpressibleByArgument {}
