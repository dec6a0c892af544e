/// What an import did with a file's rows.
public struct ImportCounts: Sendable, Equatable {
    public var read = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected = 0

    public init(read: Int = 0, inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, rejected: Int = 0) {
        self.read = read
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.rejected = rejected
    }
}
