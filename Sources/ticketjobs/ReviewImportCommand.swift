import ArgumentParser
import Foundation
import TicketDatabase
import TicketExport
import TicketImport
import TicketModel

struct ReviewImportCommand: AsyncParsableCommand, SummarizedAsJSON {
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
        try PathArgument.requireNonEmpty(file, "the review file")
        try PathArgument.requireNonEmpty(rejects, "--rejects")
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
                    "review import: \(Output.counted(summary.rejected, "rejected row")), nothing applied; fix them and import again: \(rejectsPath)")
            } else {
                Output.line("review import: \(Output.counted(summary.applied, "ticket")) labeled (manual), \(summary.skipped) left blank")
            }
            if summary.rejected > 0 { throw ExitCode(ExitStatus.rowsRejected) }
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
