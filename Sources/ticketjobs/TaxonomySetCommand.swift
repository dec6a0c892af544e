import ArgumentParser
import Foundation
import TicketDatabase
import TicketModel

struct TaxonomySetCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Replace the taxonomy with a file's (YAML or JSON), in one transaction.",
        discussion: """
            The file:
              version: 1
              categories: {technical_support: "…", billing_and_payments: "…"}   # report order
              priorities: {low: "…", medium: "…", high: "…"}                     # lowest first
              examples: [{title: "…", description: "…", category: …, priority: …}]
              map: {billing: billing_and_payments}                                # optional
            Tickets carrying a label the new taxonomy drops make it refuse, naming the labels and their counts, \
            unless --map (or the file's map:) says where each goes, or --unlabel-missing clears them so that \
            classify labels those tickets again. Report rollups follow every move.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The taxonomy file.")
    var file: String

    @Option(help: "Where dropped labels go: OLD=NEW[,OLD=NEW…] (adds to the file's map:).")
    var map: [String] = []

    @Flag(help: "Clear dropped labels that no map names, for classification to redo.")
    var unlabelMissing = false

    @Flag(help: "Print the change as JSON on stdout.")
    var json = false

    /// `--map` entries, split on commas and `=`.
    func parsedMap() throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in map.flatMap({ $0.split(separator: ",") }) {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--map expects OLD=NEW[,OLD=NEW…], got '\(entry)'")
            }
            result[parts[0]] = parts[1]
        }
        return result
    }

    func validate() throws {
        try PathArgument.requireNonEmpty(file, "the taxonomy file")
        _ = try parsedMap()
    }

    func run() async throws {
        do {
            let loaded = try Taxonomy.load(path: file)
            // A team sets its labels before the first import, as well as later.
            let store = try global.openStore(create: true)
            let map = loaded.map.merging(try parsedMap()) { _, flag in flag }
            let change = try store.replaceTaxonomy(loaded.taxonomy, map: map, unlabelMissing: unlabelMissing)
            if json {
                try Output.printJSON(TaxonomyChangeSummary(change: change, taxonomy: loaded.taxonomy))
                return
            }
            var text = [
                (change.changed ? "taxonomy revision \(change.revision): " : "taxonomy unchanged (revision \(change.revision)): ")
                    + "\(loaded.taxonomy.categories.count) categories, "
                    + "\(loaded.taxonomy.priorities.count) priorities, \(loaded.taxonomy.examples.count) examples"
            ]
            for move in change.moves {
                let target = move.to.map { "→ \($0)" } ?? "cleared for classification"
                text.append("  \(move.kind) \(move.from) \(target): \(move.tickets) ticket\(move.tickets == 1 ? "" : "s")")
            }
            if change.reviewSuggestionsDropped > 0 {
                text.append("  \(change.reviewSuggestionsDropped) review suggestions dropped (those tickets are classified again)")
            }
            if change.setAsideReleased > 0 {
                text.append(
                    "  \(Output.counted(change.setAsideReleased, "ticket")) set aside for no usable answer back among the "
                        + "candidates (the model is asked again under this taxonomy)")
            }
            Output.line(text.joined(separator: "\n"))
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
