import TicketModel

/// The job names of a folder (or of the files `validate` is given), each with the file that took it first.
/// Runs, catch-up, metrics and the run lock go by name: a second file of one name (a copy not renamed) would
/// share them, so it may not have the name.
public struct JobNames {
    private var files: [String: String] = [:]

    public init() {}

    /// Records `job`'s name as its file's; when an earlier file has it, records nothing and says why not.
    public mutating func claim(_ job: JobDefinition) -> ConfigError? {
        if let first = files[job.name] {
            return ConfigError(
                file: job.file, line: nil, key: "name",
                reason: "'\(job.name)' is already the name of \(first); runs, catch-up and the run lock go by name: give each job its own")
        }
        files[job.name] = job.file
        return nil
    }
}
