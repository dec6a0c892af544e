/// Why a review file is not written.
public enum ReviewFileError: Error, Equatable, CustomStringConvertible {
    /// The file to be replaced holds decisions a person made that were never imported.
    case unappliedDecisions(path: String, rows: Int)

    public var description: String {
        switch self {
        case .unappliedDecisions(let path, let rows):
            "\(path) holds \(rows) filled-in row\(rows == 1 ? "" : "s") for tickets still waiting for review, never "
                + "imported: import it first (ticketjobs review import \(path)), write elsewhere, or pass --force to replace it"
        }
    }
}
