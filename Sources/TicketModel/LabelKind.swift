/// The two labels a ticket carries.
public enum LabelKind: String, Sendable, CaseIterable, Codable {
    case category
    case priority
}
