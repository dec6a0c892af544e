/// Why `taxonomy set` would not change the labels: tickets carry labels the new taxonomy lacks and nothing
/// says where they go, or the map is wrong.
public enum TaxonomyRefusal: Error, Equatable, CustomStringConvertible {
    /// Labels in use that the new taxonomy drops, with their kind and ticket counts.
    case labelsInUse([TaxonomyChange.Move])
    /// A `--map` entry that cannot be followed.
    case invalidMap(String)
    /// A first import has the report rollups suspended; relabelling now would leave them wrong.
    case firstImportRunning(pid: Int)

    public var description: String {
        switch self {
        case .labelsInUse(let labels):
            let list = labels.map { "\($0.kind) '\($0.from)' (\($0.tickets) ticket\($0.tickets == 1 ? "" : "s"))" }
            return "tickets carry labels the new taxonomy does not have: \(list.joined(separator: ", ")); "
                + "say where they go with --map OLD=NEW[,OLD=NEW…] (or a 'map:' section in the file), "
                + "or clear them for classification to redo with --unlabel-missing"
        case .invalidMap(let reason): return reason
        case .firstImportRunning(let pid):
            return "the database's first import is still running (pid \(pid)); change the taxonomy when it has finished"
        }
    }
}
