/// Where one ticket of a Message Batch stands (`message_batch_requests.state`).
public enum BatchRequestState: String, Sendable, Codable, CaseIterable {
    /// Submitted; no result stored yet. The ticket is not sent again meanwhile.
    case pending
    case succeeded
    /// Answered, but outside the taxonomy or without the tool call: back among the candidates.
    case invalid
    case errored
    case expired
    case canceled
    /// The results held nothing for it.
    case missing
    /// Back among the candidates (its batch failed or never reached the API, or its text changed).
    case released
}
