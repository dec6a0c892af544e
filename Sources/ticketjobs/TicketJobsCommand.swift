import ArgumentParser
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

/// The `ticketjobs` command: a thin layer that parses flags and calls the TicketJobs library.
@main
struct TicketJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticketjobs",
        abstract: "Import, classify and report on support tickets, from cron, systemd or its own scheduler.",
        version: BuildInfo.version,
        subcommands: [
            ImportCommand.self,
            ExportCommand.self,
            ClassifyCommand.self,
            BatchesCommand.self,
            ReviewCommand.self,
            TaxonomyCommand.self,
            SuggestCommand.self,
            ReportCommand.self,
            EvaluateCommand.self,
            RunCommand.self,
            ScheduleCommand.self,
            HistoryCommand.self,
            ValidateCommand.self,
        ]
    )

    /// Checks for a mistyped subcommand (exit 64, as for other usage errors), then parses and runs as usual.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let problem = UnknownCommand.problem(in: arguments, root: Self.self) {
            Output.error("error: \(problem)")
            Self.exit(withError: ExitCode(64))
        }
        // ArgumentParser's own `main`, with one addition: with `--json`, a command that fails before printing its
        // summary prints why as JSON, so that a script reading stdout has an object to read.
        do {
            var command = try await asyncParseAsRoot(arguments)
            let json = (command as? SummarizedAsJSON)?.json ?? false
            do {
                if var asyncCommand = command as? AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } catch {
                if json { Output.failedAsJSON(exitStatus: exitCode(for: error).rawValue) }
                throw error
            }
        } catch {
            exit(withError: error)
        }
    }
}
