import ArgumentParser
import TicketImport

// `init(argument:)` is CSVDelimiter's own: the parser reads the words a mapping or job file reads.
extension CSVDelimiter: ExpressibleByArgument {
    /// Listed by name: a help text's list of raw values read "auto, ,, ;" (and a tab is invisible). The
    /// characters themselves work as well.
    public static var allValueStrings: [String] { allCases.map(\.name) }
}
