/// Where a ticket is in its lifecycle.
public enum Status: String, CaseIterable, Codable, Sendable {
    case open
    case inProgress = "in_progress"
    case resolved
    case closed
}
