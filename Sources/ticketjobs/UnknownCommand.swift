import ArgumentParser
import TicketModel

/// Finds a mistyped subcommand before the parser does: it would call `imprt FILE` "2 unexpected arguments"
/// and read `repot --period` as an unknown option of the root command.
enum UnknownCommand {
    /// The message for the first word of `arguments` that stands where a subcommand must, and is none; nil
    /// when there is none. `help WORD…` is checked the same way.
    static func problem(in arguments: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        var words = arguments[...]
        if words.first == "help" { words = words.dropFirst() }
        while let word = words.first, !word.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            let names = subcommands.map { $0._commandName }
            guard let index = names.firstIndex(of: word) else {
                if command == root, word == "help" { return nil }
                let path = command == root ? "" : "\(command._commandName) "
                let suggestion = closest(to: word, among: names + (command == root ? ["help"] : []))
                return "unknown command '\(path)\(word)'" + (suggestion.map { "; did you mean '\(path)\($0)'?" } ?? "")
                    + " (see '\(root._commandName) --help')"
            }
            command = subcommands[index]
            words = words.dropFirst()
        }
        return nil
    }

    /// The name within edit distance 2 (or sharing a 3-letter prefix) of `word`, if one is clearly closest.
    static func closest(to word: String, among names: [String]) -> String? {
        let ranked = names.map { ($0, EditDistance.between(word, $0)) }.sorted { $0.1 < $1.1 }
        if let best = ranked.first, best.1 <= max(2, word.count / 3) { return best.0 }
        return names.first { word.count >= 3 && $0.hasPrefix(word.prefix(3)) }
    }
}
