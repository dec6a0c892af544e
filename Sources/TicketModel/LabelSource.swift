/// Where a ticket's category or priority came from.
public enum LabelSource: String, CaseIterable, Codable, Sendable {
    /// Present in the imported export.
    case imported
    /// Assigned by Claude through the Messages API.
    case llm
    /// Assigned by the local, offline classifier.
    case local
    /// Set by a person.
    case manual
}
