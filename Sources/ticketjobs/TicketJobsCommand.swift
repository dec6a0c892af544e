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
            MappingCommand.self,
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
            if asksForJSON(arguments) { Output.failedAsJSON(exitStatus: 64, reason: problem) }
            Self.exit(withError: ExitCode(64))
        }
        // ArgumentParser's own `main`, with one addition: with `--json`, a command line that cannot be parsed, or a
        // command that fails before printing its summary, prints why as JSON, so that a script reading stdout has
        // an object to read.
        let command: ParsableCommand
        do {
            command = try await asyncParseAsRoot(arguments)
        } catch {
            // A usage error is no summary either: a script that asked for JSON reads why, as for any failure.
            let status = exitCode(for: error).rawValue
            if status != ExitStatus.ok, asksForJSON(arguments) {
                Output.failedAsJSON(exitStatus: status, reason: message(for: error))
            }
            exit(withError: error)
        }
        do {
            var command = command
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

    /// Whether `--json` is among the options (not after `--`, where it would be an argument), for a command line
    /// that could not be parsed.
    static func asksForJSON(_ arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains("--json")
    }
}
