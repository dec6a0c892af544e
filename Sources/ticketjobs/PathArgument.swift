import ArgumentParser
import TicketModel

/// A path given as an empty string is what an unset shell variable makes of `--db "$DB"` in a cron line: it is
/// said at once, naming the option, instead of reading as a file called "" (or, for a folder, the current one).
enum PathArgument {
    /// Throws a usage error when `value` is empty; `name` is the option (`--db`) or what the argument is.
    static func requireNonEmpty(_ value: String?, _ name: String) throws {
        guard value == "" else { return }
        throw ValidationError("\(name) is empty (an unset shell variable?)")
    }

    /// Throws a usage error when `value`, the folder reports are written into (`--out` of report and evaluate),
    /// is `-` (stdout's convention, which would make a folder named "-") or a report's file name (see
    /// `FilePaths.reportFolderProblem`).
    static func requireReportFolder(_ value: String?, _ name: String) throws {
        guard let value else { return }
        try requireNonEmpty(value, name)
        if value == "-" { throw ValidationError("\(name) names a folder; --json prints the JSON report on stdout") }
        if let problem = FilePaths.reportFolderProblem(value) { throw ValidationError("\(name): \(problem)") }
    }

    /// The same for each of a repeated argument's values.
    static func requireNonEmpty(_ values: [String], _ name: String) throws {
        for value in values { try requireNonEmpty(value, name) }
    }
}
