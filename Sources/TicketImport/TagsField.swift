import Foundation
import TicketModel

/// A ticket's tags as one field's text, read and written so that `export` → `import` gives the same tags.
///
/// One field of an export holds them as a JSON array (`["Network Issue", "vpn"]`), separated by commas, or
/// else by white space (as Zendesk writes them). A list the row source already has (a JSON array's items, or a
/// cell of each tag column) reaches the normalizer marked as such, so that one tag holding a space or a comma
/// stays one tag.
public enum TagsField {
    /// Starts and separates the items of a list a row source hands on: a control character no tag holds.
    static let listSeparator: Character = "\u{1F}"

    /// A row source's list of tags, as the text `FieldValues` carries: every item one tag, whatever it holds.
    static func list(_ items: [String]) -> String {
        items.reduce(into: "") { text, item in
            text.append(listSeparator)
            text += item
        }
    }

    /// The tags of one field's text (or of a `list`): trimmed, empty ones and repeats dropped.
    static func parse(_ text: String) -> [String] {
        // Bytes, not Foundation's `contains`, which took longer than the rest of a row's tags.
        let parts: [Substring] =
            if text.utf8.contains(0x1F) {
                text.split(separator: listSeparator)
            } else if text.utf8.first == UInt8(ascii: "["), let items = jsonArray(text) {
                items.map { Substring($0) }
            } else if text.utf8.contains(UInt8(ascii: ",")) {
                text.split(separator: ",")
            } else {
                text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            }
        var seen: Set<String> = []
        return parts.map { String($0).trimmed }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The field our CSV export writes: comma-separated where that reads back as the same tags, else a JSON array
    /// (a tag holding a comma, or a single tag holding a space).
    public static func format(_ tags: [String]) -> String {
        let joined = tags.joined(separator: TicketField.tagSeparator)
        if parse(joined) == tags { return joined }
        let data = (try? JSONSerialization.data(withJSONObject: tags, options: [.withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The strings of a JSON array of strings, or nil for any other text.
    private static func jsonArray(_ text: String) -> [String]? {
        guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else { return nil }
        let items = array.compactMap { $0 as? String }
        return items.count == array.count ? items : nil
    }
}
