import ArgumentParser
import Foundation
import TicketDatabase
import TicketImport
import TicketModel

struct MappingDraftCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Write a mapping file to start from, drawn from an export's header and first rows.",
        discussion: """
            Columns are matched by name (ours, the presets', and common ones: subject is a title, queue a \
            category, tag_1…tag_9 tags); the values of the category, priority and status columns are listed \
            with the label of the database's taxonomy each reads as (a new database's labels when --db does not \
            exist yet). What it cannot decide is commented out, saying what goes there. Nothing is imported.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The export: CSV, JSON Lines, or a JSON document holding a list of tickets.")
    var file: String

    @Option(help: "Write to this new file (atomically) instead of stdout ('-' is stdout).")
    var out: String?

    /// The file to write, or nil for stdout.
    private var outputFile: String? { out == "-" ? nil : out }

    @Option(help: "The export's encoding, as for import.")
    var encoding: String?

    @Option(help: "The CSV delimiter, as for import.")
    var delimiter: CSVDelimiter = .auto

    @Flag(help: "Print the summary as JSON on stdout (with --out).")
    var json = false

    func validate() throws {
        try PathArgument.requireNonEmpty(file, "FILE")
        try PathArgument.requireNonEmpty(out, "--out")
        if json, outputFile == nil {
            throw ValidationError("--json needs --out: without it the mapping is what stdout carries")
        }
    }

    private static func nameTaken(_ out: String) -> ValidationError {
        ValidationError("\(out) exists: give --out a new file's name (a draft never replaces one)")
    }

    func run() async throws {
        do {
            if let encoding { try ByteSource.checkEncoding(encoding) }
            // An edited draft is a person's work: never written over.
            if let out = outputFile, FileManager.default.fileExists(atPath: out) {
                throw Self.nameTaken(out)
            }
            let (taxonomy, labels) = try taxonomy()
            let draft = try MappingDraft(
                path: file, taxonomy: taxonomy, encoding: encoding,
                delimiter: delimiter)
            let text = draft.fileText(source: file, labels: labels, now: Date())
            guard let out = outputFile else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            // Claimed only if still free: another draft started at the same time may have taken the name since.
            guard try AtomicFileWriter.writeIfAbsent(Data(text.utf8), to: out) else {
                throw Self.nameTaken(out)
            }
            let summary = MappingDraftSummary(
                path: out, sampledRows: draft.sampledRows,
                columns: Dictionary(uniqueKeysWithValues: draft.columns.map { ($0.key.rawValue, $0.value) }),
                attributes: draft.attributeColumns, missing: draft.missingFields.map(\.rawValue),
                undecidedValues: draft.undecidedValues, preset: draft.fittingPreset)
            if json {
                try Output.printJSON(summary)
            } else {
                let matched = TicketField.allCases.compactMap { field in
                    draft.columns[field].map { "\(field.rawValue) ← \($0.joined(separator: ", "))" }
                }
                Output.line("wrote \(out): " + matched.joined(separator: "; "))
                var left: [String] = []
                if let preset = draft.fittingPreset {
                    left.append(
                        preset == "ticketjobs"
                            ? "its columns are ours: import needs no mapping" : "--mapping \(preset) reads it as it is")
                }
                if !summary.attributes.isEmpty {
                    left.append("kept as attributes: " + summary.attributes.joined(separator: ", "))
                }
                if summary.undecidedValues > 0 {
                    left.append("\(summary.undecidedValues) label values to decide (see its comments)")
                }
                if !summary.missing.isEmpty {
                    left.append("no column for " + summary.missing.joined(separator: ", ") + " (see its comments)")
                }
                Output.line(left.isEmpty ? "nothing left to decide" : left.joined(separator: "; "))
            }
        } catch {
            throw ExitStatus.report(error)
        }
    }

    /// The database's taxonomy, or a new database's when there is none yet, and how the file names it.
    private func taxonomy() throws -> (Taxonomy, String) {
        let path = global.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            return (.standard, "a new database (\(path) does not exist yet)")
        }
        return (try global.openStoreToRead().taxonomy(), path)
    }
}
