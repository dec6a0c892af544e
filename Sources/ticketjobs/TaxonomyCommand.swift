import ArgumentParser
import Foundation
import TicketDatabase
import TicketModel

struct TaxonomyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "Show or change the database's categories and priorities.",
        discussion: """
            A new database starts with billing, technical, account, general and low, medium, high, critical. \
            'taxonomy set FILE' replaces them with a team's own (2-200 categories, 2-10 priorities, lowest \
            first, each with a definition; optional few-shot examples). Imports, classification, reports and \
            evaluations then use those labels. 'taxonomy export' writes them as such a file, for another \
            database.
            """,
        subcommands: [TaxonomyShowCommand.self, TaxonomySetCommand.self, TaxonomyExportCommand.self])
}
