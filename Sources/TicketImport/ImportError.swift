import Foundation
import TicketModel
import TicketDatabase

/// Reasons an import cannot proceed at all (as opposed to a rejected row, which is a `RowRejection`).
public enum ImportError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case noHeader(file: String)
    case missingColumn(file: String, field: TicketField, candidates: [String], header: [String])
    case unknownFormat(file: String)
    case tooManyRejects(file: String, limit: Int)
    case invalidMapping(file: String, line: Int?, reason: String)
    case unknownMapping(name: String)
    case unknownTimeZone(String)
    case duplicateColumns(file: String, names: [String])
    case unknownEncoding(String)
    case invalidDelimiter(String)
    /// The rejects file would be written over an input: its rows would be lost.
    case rejectsReplaceInput(file: String, rejects: String)
    /// The file is an archive, a compressed file, a workbook or a database: not text to read rows from.
    case notText(file: String, kind: String, hint: String)
    /// The header has no column for `fields` (nor does the mapping give a default): every row would be rejected.
    /// `preset` is one whose columns the header has. `source` names what `header` lists: a JSON file's first
    /// object, whose keys stand for its header.
    case columnsEveryRowNeeds(
        file: String, fields: [String], mapping: String, header: [String], preset: String?, source: String = "the header",
        line: Int = 1)
    /// The header line's bytes are not text in the encoding read (a legacy export read as UTF-8).
    case headerNotText(file: String, encoding: String)
    /// No mapping was given and the columns are a preset's, which finds a title (and more) where ours find none.
    case presetFits(
        file: String, preset: String, mapping: String, taken: [String], source: String = "the header", line: Int = 1)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read: \(reason)"
        case .noHeader(let file):
            "\(file): no header row: the first record must name the columns"
        case .missingColumn(let file, let field, let candidates, let header):
            "\(file):1: no column for field '\(field.rawValue)' (looked for \(candidates.joined(separator: ", "))); "
                + "the header has: \(header.joined(separator: ", ")). A mapping file can name it "
                + "('ticketjobs mapping draft \(file) --out mapping.yml' drafts one)"
        case .unknownFormat(let file) where [".yml", ".yaml"].contains(where: { file.lowercased().hasSuffix($0) }):
            // A mapping or taxonomy file given where the exports go: say where it belongs.
            "\(file): a YAML file, not an export: a mapping file goes after --mapping, a taxonomy to 'taxonomy set'; "
                + "an export in another format needs --format csv or --format jsonl"
        case .unknownFormat(let file):
            "\(file): cannot tell the format from the extension; pass --format csv or --format jsonl"
        case .tooManyRejects(let file, let limit):
            "\(file): more than \(limit) rows rejected (--max-rejects); nothing of this file was kept"
        case .invalidMapping(let file, let line, let reason):
            "\(file)\(line.map { ":\($0)" } ?? ""): invalid mapping: \(reason)"
        case .unknownMapping(let name) where [".yml", ".yaml", ".json"].contains { name.lowercased().hasSuffix($0) }:
            "mapping file \(name): no such file"
        case .unknownMapping(let name):
            "unknown mapping '\(name)': "
                + (ConfigNode.closest(to: name, in: Set(ColumnMapping.presetNames)).map { "did you mean '\($0)'? " } ?? "")
                + "use one of \(ColumnMapping.presetNames.joined(separator: ", ")) or a file path"
        case .unknownTimeZone(let name):
            "unknown time zone '\(name)': \(TimeZone.hint(forUnknown: name))"
        case .unknownEncoding(let name):
            "unknown encoding '\(name)': use utf-8, windows-1252, iso-8859-1, utf-16 or another name iconv knows (iconv --list)"
        case .invalidDelimiter(let text):
            "unknown delimiter '\(text)': use auto, ',', ';', tab or '|'"
        case .rejectsReplaceInput(let file, let rejects):
            "\(file): the rejects file \(rejects) is this input, and writing rejected rows there would replace it; "
                + "choose another path with --rejects"
        case .columnsEveryRowNeeds(let file, let fields, let mapping, let header, let preset, let source, let line):
            "\(file):\(line): no column for \(fields.joined(separator: " nor ")) under the \(mapping) mapping, so every row "
                + "would be rejected; \(source) has: \(header.joined(separator: ", ")). "
                + (preset.map { "Its columns are \($0)'s: --mapping \($0)" }
                    ?? "Give a preset (--mapping \(ColumnMapping.presetNames.dropFirst().joined(separator: "|"))) or a mapping file naming its "
                        + "columns ('ticketjobs mapping draft \(file) --out mapping.yml' drafts one)")
        case .presetFits(let file, let preset, let mapping, let taken, let source, let line):
            "\(file):\(line): \(source) has \(preset)'s columns (\(taken.joined(separator: ", "))); read under the \(mapping) "
                + "mapping, every ticket's title would be empty and those kept only as attributes. Pass --mapping \(preset), "
                + "or --mapping \(mapping) to import it so"
        case .headerNotText(let file, "utf-8"):
            "\(file):1: the header is not valid UTF-8, so the file is in another encoding: pass --encoding windows-1252 "
                + "(Excel on Windows, most Western European exports), iso-8859-1, or the one it was saved in"
        case .headerNotText(let file, let encoding):
            "\(file):1: the header has bytes that are not valid \(encoding): pass the --encoding the file was saved in"
        case .notText(let file, let kind, let hint):
            "\(file): \(kind), not CSV or JSON text; \(hint)"
        case .duplicateColumns(let file, let names):
            "\(file):1: the header names \(names.map { "'\($0)'" }.joined(separator: ", ")) more than once; rename or drop the extra columns"

        }
    }
}
