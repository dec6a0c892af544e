import Foundation
import TicketModel
import TicketDatabase

/// Writes rejected rows in the format they came in, with the reason beside them, so the file can be fixed
/// and imported again: the importer (and `review import`) ignores the added `reject_*` columns.
public final class RejectsWriter {
    static let columnPrefix = "reject_"
    public let path: String
    private let file: AtomicFileWriter
    private var csv = CSVLineWriter()
    private let header: [String]?

    /// - Parameters:
    ///   - delimiter: the input's, so that the file imports again as the input did.
    ///   - markUTF8: start with a UTF-8 byte-order mark, for an input in another encoding: the file is UTF-8,
    ///     and the mark makes an import with the input's `--encoding` read it as such.
    public init(path: String, header: [String]?, delimiter: CSVDelimiter = .comma, markUTF8: Bool = false) throws {
        self.path = path
        file = try AtomicFileWriter(path: path, mode: 0o600)
        self.header = header
        csv = CSVLineWriter(delimiter: delimiter.byte ?? 0x2C)
        if markUTF8 { try file.write([0xEF, 0xBB, 0xBF]) }
        if let header {
            try file.write(csv.line(header + ["reject_file", "reject_line", "reject_reason"]))
        }
    }

    public func write(_ rejection: RowRejection, raw: SourceRow.Raw) throws {
        let reason = rejection.reason.description
        switch raw {
        case .csv(var fields):
            // Pad a short row so the reason columns line up under their header.
            if let header, fields.count < header.count {
                fields += Array(repeating: "", count: header.count - fields.count)
            }
            try file.write(csv.line(fields + [rejection.file, String(rejection.line), reason]))
        case .jsonLine(let text):
            var object: [String: Any] = [:]
            if let data = text.data(using: .utf8),
                let parsed = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            {
                // A key named twice would be written once, its other value lost to the person fixing the row: the
                // row's own text is kept, the reason added inside it.
                if case .repeatedKey = rejection.reason,
                    let line = Self.appending(
                        ["reject_file": rejection.file, "reject_line": rejection.line, "reject_reason": reason],
                        to: text)
                {
                    try file.write(Array(line.utf8) + [0x0A])
                    return
                }
                object = parsed
            } else {
                object["reject_raw"] = text
            }
            object["reject_file"] = rejection.file
            object["reject_line"] = rejection.line
            object["reject_reason"] = reason
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            try file.write([UInt8](data) + [0x0A])
        }
    }

    /// `text`, a JSON object, with `members` (in key order) added before its closing brace, or nil when it does
    /// not end with one.
    static func appending(_ members: [String: Any], to text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasSuffix("}"),
            let data = try? JSONSerialization.data(
                withJSONObject: members, options: [.sortedKeys, .withoutEscapingSlashes]),
            let added = String(data: data, encoding: .utf8)
        else { return nil }
        let body = trimmed.dropLast()
        let empty = body.drop { $0 != "{" }.dropFirst().allSatisfy(\.isWhitespace)
        return body + (empty ? "" : ",") + added.dropFirst()
    }

    public func commit() throws { try file.commit() }
    public func discard() { file.discard() }
}
