/// How one recorded classification call ended (`classification_calls.status`).
public enum CallStatus: String, Sendable, Codable, CaseIterable {
    /// The final call of a ticket, with a valid answer.
    case labeled
    /// An attempt that gave no valid answer (retried or not).
    case failed
    /// No call made: an earlier answer for identical text was used.
    case reused
}
