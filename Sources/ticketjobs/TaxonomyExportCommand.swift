import ArgumentParser
import Foundation
import TicketDatabase
import TicketModel

struct TaxonomyExportCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the taxonomy as the file 'taxonomy set' reads, to give another database the same labels.",
        discussion: """
            Labels in order, their definitions and the examples, as YAML. 'taxonomy set FILE' on another database \
            (a new one, before importing this one's export) gives it the same taxonomy.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Write to this file (atomically) instead of stdout ('-' is stdout).")
    var out: String?

    /// The file to write, or nil for stdout.
    private var outputFile: String? { out == "-" ? nil : out }

    @Flag(help: "Print the summary as JSON on stdout (with --out).")
    var json = false

    func validate() throws {
        try PathArgument.requireNonEmpty(out, "--out")
        if json, outputFile == nil { throw ValidationError("--json needs --out: without it the taxonomy is what stdout carries") }
    }

    func run() async throws {
        do {
            let store = try global.openStoreToRead()
            let (taxonomy, revision) = try store.taxonomyWithRevision()
            let text = try taxonomy.fileText(
                comment: "The taxonomy of \(global.databasePath) (revision \(revision)), as 'ticketjobs taxonomy export' wrote it.\n"
                    + "'ticketjobs taxonomy set FILE' gives another database the same labels.")
            guard let out = outputFile else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            try store.refuseOverwriting(out)
            let file = try AtomicFileWriter(path: out)
            try file.write(text)
            try file.commit()
            let summary = TaxonomyExportSummary(
                path: out, revision: revision, categories: taxonomy.categories.count,
                priorities: taxonomy.priorities.count, examples: taxonomy.examples.count)
            if json {
                try Output.printJSON(summary)
            } else {
                Output.line(
                    "wrote taxonomy revision \(revision) (\(summary.categories) categories, \(summary.priorities) priorities, "
                        + "\(summary.examples) examples) to \(out)")
            }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
