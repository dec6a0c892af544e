import ArgumentParser
import Foundation
import TicketDatabase
import TicketModel

struct TaxonomyShowCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the taxonomy: labels in order, their definitions, and how many tickets carry each.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print {version, revision, categories: [{name, definition}], priorities: [...], examples} as JSON.")
    var json = false

    func run() async throws {
        do {
            let store = try global.openStoreToRead()
            let (taxonomy, revision) = try store.taxonomyWithRevision()
            if json {
                try Output.printJSON(TaxonomySummary(taxonomy: taxonomy, revision: revision, inUse: try store.labelsInUse()))
                return
            }
            let inUse = try store.labelsInUse()
            func lines(_ title: String, _ labels: [TaxonomyLabel], _ kind: String) -> [String] {
                [title] + labels.map { label in
                    let tickets = inUse[kind]?[label.name] ?? 0
                    return "  \(label.name) (\(tickets) ticket\(tickets == 1 ? "" : "s")): \(label.definition)"
                }
            }
            var text = ["taxonomy revision \(revision)"]
            text += lines("categories:", taxonomy.categories, "category")
            text += lines("priorities (lowest first):", taxonomy.priorities, "priority")
            text.append("examples: \(taxonomy.examples.count)")
            Output.line(text.joined(separator: "\n"))
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
