import ArgumentParser

/// A path given as an empty string is what an unset shell variable makes of `--db "$DB"` in a cron line: it is
/// said at once, naming the option, instead of reading as a file called "" (or, for a folder, the current one).
enum PathArgument {
    /// Throws a usage error when `value` is empty; `name` is the option (`--db`) or what the argument is.
    static func requireNonEmpty(_ value: String?, _ name: String) throws {
        guard value == "" else { return }
        throw ValidationError("\(name) is empty (an unset shell variable?)")
    }

    /// The same for each of a repeated argument's values.
    static func requireNonEmpty(_ values: [String], _ name: String) throws {
        for value in values { try requireNonEmpty(value, name) }
    }
}
