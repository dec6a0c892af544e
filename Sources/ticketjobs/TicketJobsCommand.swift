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
        version: "0.1.0",
        subcommands: [
            ImportCommand.self,
            ExportCommand.self,
            ClassifyCommand.self,
            BatchesCommand.self,
            ReportCommand.self,
            EvaluateCommand.self,
            RunCommand.self,
            ScheduleCommand.self,
            HistoryCommand.self,
            ValidateCommand.self,
        ]
    )
}
