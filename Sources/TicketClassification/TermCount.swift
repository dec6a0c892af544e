/// How many times a document's text hits one feature bucket.
public struct TermCount: Sendable, Equatable {
    public var bucket: Int32
    public var count: Int32
}
