import ArgumentParser
import Foundation
import TicketDatabase
import TicketExport
import TicketImport
import TicketModel

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Export the tickets a classifier was not sure of, and import what a person decided.",
        discussion: """
            'classify --min-confidence X' leaves an answer below X unapplied and queues the ticket with its \
            suggestion. 'review export' writes the queue as CSV (id, title, description, suggested_category, \
            suggested_priority, confidence, category, priority); a person fills in category and priority, and \
            'review import' applies them as manual labels, which classify and later imports never replace.
            """,
        subcommands: [ReviewExportCommand.self, ReviewImportCommand.self])
}

struct ReviewExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the review queue as CSV, least sure first.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Write to this file (atomically) instead of stdout ('-' is stdout, as for import).")
    var out: String?

    /// The file to write, or nil for stdout.
    private var outputFile: String? { out == "-" ? nil : out }

    @Option(parsing: .unconditional, help: "At most N tickets.")
    var limit: Int?

    @Flag(help: "Replace --out even when it holds filled-in rows that were never imported.")
    var force = false

    @Flag(help: "Print the summary as JSON on stdout (with --out).")
    var json = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if json, outputFile == nil { throw ValidationError("--json needs --out: without it the CSV is what stdout carries") }
    }

    func run() async throws {
        do {
            let store = try global.openStore()
            let waiting = try store.reviewQueueCount()
            if let out = outputFile {
                try store.refuseOverwriting(out)
                // Yesterday's file, half filled in, is the same name today's export would take.
                let unapplied = force ? 0 : try ReviewFile.unappliedDecisions(in: out, store: store)
                if unapplied > 0 { throw ReviewFileError.unappliedDecisions(path: out, rows: unapplied) }
                let file = try AtomicFileWriter(path: out, mode: 0o600)
                let count = try ReviewFile.export(store: store, limit: limit) { try file.write($0) }
                try file.commit()
                if json {
                    try Output.printJSON(["exported": count, "waiting": waiting])
                } else {
                    Output.line("exported \(count) of \(waiting) tickets waiting for review to \(out)")
                }
            } else {
                // The CSV is the result on stdout; the count goes beside it, on stderr.
                let count = try ReviewFile.export(store: store, limit: limit) { FileHandle.standardOutput.write(Data($0)) }
                Output.error("exported \(count) of \(waiting) tickets waiting for review")
            }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}

struct ReviewImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Apply a filled-in review file's labels as manual labels.",
        discussion: """
            Rows with category and priority both empty are skipped (those tickets stay queued). A row with an \
            unknown id or label rejects the file: nothing is applied, the rows go to a rejects file with their \
            line and reason, and the exit status is 3.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The review file (CSV).")
    var file: String

    @Option(help: "Where rejected rows go (default: FILE.rejects.csv).")
    var rejects: String?

    @Option(help: "The file's encoding when a spreadsheet saved it in one other than UTF-8 (windows-1252, say), as for import. A byte-order mark decides on its own.")
    var encoding: String?

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func validate() throws {
        if rejects == "-" { throw ValidationError(ImportCommand.rejectsToStdout) }
    }

    func run() async throws {
        do {
            if let encoding { try ByteSource.checkEncoding(encoding) }
            let store = try global.openStore()
            let rejectsPath = rejects ?? file + ".rejects.csv"
            let summary = try ReviewFile.apply(
                path: file, store: store, rejectsPath: rejectsPath, encoding: encoding, now: Date())
            if json {
                try Output.printJSON(summary)
            } else if summary.rejected > 0 {
                Output.line(
                    "review import: \(summary.rejected) rejected rows, nothing applied; fix them and import again: \(rejectsPath)")
            } else {
                Output.line("review import: \(summary.applied) tickets labeled (manual), \(summary.skipped) left blank")
            }
            if summary.rejected > 0 { throw ExitCode(ExitStatus.rowsRejected) }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
