/// How urgently a ticket needs attention: a label of the database's taxonomy, whose priorities run from the
/// lowest to the highest. The four static values are those a new database starts with.
public struct Priority: LabelName {
    public let rawValue: String

    public init(validated name: String) { rawValue = name }

    public static let low: Priority = "low"
    public static let medium: Priority = "medium"
    public static let high: Priority = "high"
    public static let critical: Priority = "critical"
}
