import TicketModel
import TicketDatabase

/// Keeps spreadsheet programs from running ticket text as a formula (CSV injection).
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, as
/// OWASP recommends; so does one that already starts with an apostrophe before such a character, which
/// makes the escape reversible: the importer removes exactly one apostrophe again.
public enum CSVFormulaGuard {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    public static func escape(_ value: String) -> String {
        guard let first = value.first else { return value }
        if triggers.contains(first) { return "'" + value }
        if first == "'", let second = value.dropFirst().first, triggers.contains(second) { return "'" + value }
        return value
    }
}
