/// The subject area of a ticket: a label of the database's taxonomy. The four static values are the labels a
/// new database starts with (those of the support app this tool grew out of); a team brings its own.
public struct Category: LabelName {
    public let rawValue: String

    public init(validated name: String) { rawValue = name }

    public static let billing: Category = "billing"
    public static let technical: Category = "technical"
    public static let account: Category = "account"
    public static let general: Category = "general"
}
