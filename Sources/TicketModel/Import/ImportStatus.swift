/// Where a file's import stands (`import_files.status`).
public enum ImportStatus: String, Sendable, Codable, CaseIterable {
    case running
    case completed
    case failed
    /// Stopped by SIGINT or SIGTERM, or its process died: the batches committed before stay.
    case interrupted
}
