/// How far an export has come: for the progress line of a long one.
public struct ExportProgress: Sendable, Equatable {
    /// Tickets written so far.
    public var exported: Int
    /// Tickets the export writes in all.
    public var total: Int

    public init(exported: Int, total: Int) {
        self.exported = exported
        self.total = total
    }
}
