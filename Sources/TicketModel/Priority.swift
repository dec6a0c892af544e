/// How urgently a ticket needs attention, in increasing order.
public enum Priority: String, CaseIterable, Codable, Sendable, Comparable {
    case low
    case medium
    case high
    case critical

    /// Position on the low → critical scale, used to measure how far apart two priorities are.
    public var rank: Int { Priority.allCases.firstIndex(of: self)! }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
