/// An import stopped between batches by SIGINT or SIGTERM (task cancellation). The batches committed before
/// stay; `summary` counts what was stored (all files, the interrupted one up to its last commit).
public struct ImportInterrupted: Error, CustomStringConvertible {
    public var file: String
    public var summary = ImportSummary()

    public var description: String { "\(file): import interrupted; the rows committed before stay" }
}
