/// Where a batch stands in this database.
public enum BatchStatus: String, Sendable, Codable, CaseIterable {
    /// Recorded, and being submitted: if a run dies here, the next one reconciles it with the API's list.
    case submitting
    case inProgress = "in_progress"
    case canceling
    /// Processing ended at the API; its results are not stored yet.
    case ended
    /// Results stored; its failed requests went back to the candidates.
    case collected
    /// The API refused it: nothing was created, its tickets are candidates again.
    case failed
    /// Never reached the API (reconciliation found no such batch): its tickets are candidates again.
    case abandoned

    /// Waiting at the API: its tickets are not sent again meanwhile.
    public var isPending: Bool { [.submitting, .inProgress, .canceling, .ended].contains(self) }
}
