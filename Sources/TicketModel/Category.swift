/// The subject area of a ticket, as in the support app this tool grew out of.
public enum Category: String, CaseIterable, Codable, Sendable, Comparable {
    case billing
    case technical
    case account
    case general

    public static func < (lhs: Category, rhs: Category) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
