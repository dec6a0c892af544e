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
