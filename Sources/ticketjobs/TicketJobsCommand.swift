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
        await Self.main(arguments)
    }
}
