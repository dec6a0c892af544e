import ArgumentParser
import Foundation
import TicketDatabase
import TicketExport
import TicketImport
import TicketModel

struct ReviewExportCommand: AsyncParsableCommand, SummarizedAsJSON {
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
        try PathArgument.requireNonEmpty(out, "--out")
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if json, outputFile == nil { throw ValidationError("--json needs --out: without it the CSV is what stdout carries") }
    }

    /// Says why some rows have empty suggestions, which would otherwise look like a fault of the file.
    static func withoutSuggestion(_ count: Int) -> String {
        count == 0 ? "" : " (\(count) without a suggestion: the model gave \(count == 1 ? "it" : "them") no usable label)"
    }

    func run() async throws {
        do {
            let store = try global.openStoreToRead()
            let waiting = try store.reviewQueueCount()
            if let out = outputFile {
                try store.refuseOverwriting(out)
                // Yesterday's file, half filled in, is the same name today's export would take.
                let unapplied = force ? 0 : try ReviewFile.unappliedDecisions(in: out, store: store)
                if unapplied > 0 { throw ReviewFileError.unappliedDecisions(path: out, rows: unapplied) }
                let file = try AtomicFileWriter(path: out, mode: 0o600)
                let (count, bare) = try ReviewFile.export(store: store, limit: limit) { try file.write($0) }
                try file.commit()
                if json {
                    try Output.printJSON(["exported": count, "waiting": waiting, "without_suggestion": bare])
                } else {
                    Output.line(
                        "exported \(count) of \(Output.counted(waiting, "ticket")) waiting for review to \(out)"
                            + Self.withoutSuggestion(bare))
                }
            } else {
                // The CSV is the result on stdout; the count goes beside it, on stderr.
                let (count, bare) = try ReviewFile.export(store: store, limit: limit) { FileHandle.standardOutput.write(Data($0)) }
                Output.error("exported \(count) of \(Output.counted(waiting, "ticket")) waiting for review" + Self.withoutSuggestion(bare))
            }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
