/// Why an export cannot be written as asked.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    /// The output's name has an extension of neither format export writes, and no format was given.
    case outputFormatUnknown(path: String)

    public var description: String {
        switch self {
        case .outputFormatUnknown(let path):
            "\(path): export writes CSV (.csv) or JSON Lines (.jsonl, .ndjson), and this name says neither; "
                + "pass --format csv or --format jsonl to write one under it"
        }
    }
}
