import ArgumentParser
import Foundation
import TicketClassification
import TicketImport
import TicketModel

struct SuggestCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest a category and priority for one ticket, storing nothing.",
        discussion: """
            The ticket comes from --title and --description, or as a JSON object {"title": …, "description": …} \
            on standard input (a line of 'export --format jsonl', say: its other keys are ignored). The labels \
            are the database's taxonomy. The local classifier uses the model 'classify --provider local' stored \
            (without one it trains one for this answer only); Claude is asked once, with retries, as classify \
            asks it. Nothing is written to the database.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The ticket's title.")
    var title: String?
    @Option(help: "The ticket's description.")
    var description: String?
    @Option(help: "auto, anthropic or local.")
    var provider: ClassifierProvider = .auto
    @Option(help: "The Anthropic model (default claude-haiku-4-5).")
    var model: String?
    @Flag(help: "Mask e-mail addresses, phone and card numbers before sending the text to Claude.")
    var redact = false
    @Flag(help: "Print {category, priority, confidence, provider, model} as JSON.")
    var json = false

    /// The ticket from the flags, else from a JSON object on stdin.
    func ticket() throws -> (title: String, description: String) {
        if title != nil || description != nil { return (title ?? "", description ?? "") }
        guard isatty(STDIN_FILENO) == 0 else {
            throw ValidationError("give --title and --description, or a JSON object {\"title\": …, \"description\": …} on standard input")
        }
        // A ticket, not a stream: at most what an import takes in one record, and a byte more to tell.
        let limit = ImportOptions.defaultMaxFieldBytes
        let data = (try? FileHandle.standardInput.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else {
            throw ValidationError("standard input: more than \(limit) bytes; a ticket is one JSON object")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationError("standard input is not a JSON object {\"title\": …, \"description\": …}")
        }
        // A ticket as `export` writes it, or as a form posts it, carries other fields: they are not what the
        // suggestion reads. A key that is no ticket field, beside a title or description missing, is taken for a
        // misspelling of it rather than left to make the answer from half the ticket.
        if object["title"] == nil || object["description"] == nil {
            let ticketFields = Set(TicketField.allCases.map(\.rawValue) + ["label_source"])
            let missing = object["title"] == nil ? "title" : "description"
            for key in object.keys.sorted() where !ticketFields.contains(key) {
                throw ValidationError(
                    "standard input: unknown key '\(key.prefix(40))' beside no \(missing) (expected title and description)")
            }
        }
        guard object["title"] == nil || object["title"] is String, object["description"] == nil || object["description"] is String else {
            throw ValidationError("standard input: title and description must be strings")
        }
        return (object["title"] as? String ?? "", object["description"] as? String ?? "")
    }

    func run() async throws {
        let logger = global.makeLogger("suggest")
        do {
            let ticket = try ticket()
            guard !(ticket.title + ticket.description).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("the ticket has neither a title nor a description")
            }
            var classify = ClassifyJob(
                store: try global.openStoreToRead(), environment: ProcessInfo.processInfo.environment, logger: logger)
            classify.provider = provider
            classify.model = model
            classify.redact = redact
            let suggestion = try await SuggestJob(classify: classify).suggest(title: ticket.title, description: ticket.description)
            if json {
                try Output.printJSON(suggestion)
            } else {
                let confidence = suggestion.confidence.map { String(format: "%.2f", $0) } ?? "unknown"
                Output.line(
                    "category \(suggestion.category), priority \(suggestion.priority), confidence \(confidence) (\(suggestion.provider): \(suggestion.model))")
            }
        } catch let error as ValidationError {
            // Thrown from `run`, ArgumentParser would print the root command's usage: this command's instead.
            Output.failure("\(error)", prefix: "Error: ")
            Output.error(
                "Usage: \(TicketJobsCommand.usageString(for: Self.self))\n  See 'ticketjobs suggest --help' for more information.")
            throw ExitCode.validationFailure
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
