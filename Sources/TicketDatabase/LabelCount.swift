/// Tickets with one category and priority ("" where missing), and a bucket where the count has one (an age).
public struct LabelCount: Sendable, Equatable {
    public var category: String
    public var priority: String
    public var bucket: Int
    public var tickets: Int
}
