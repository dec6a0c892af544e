import TicketModel

/// Why `schedule` cannot start: nothing there would ever run.
public enum SchedulerError: Error, Equatable, CustomStringConvertible {
    case missingDirectory(String)
    case notADirectory(String)
    /// `files` are the job files found (none of them with a `schedule:`, or none valid).
    case noScheduledJob(directory: String, files: [String])

    public var description: String {
        switch self {
        case .missingDirectory(let directory):
            "no job folder at \(directory): schedule runs the *.yml and *.yaml job files of a folder"
        case .notADirectory(let path):
            "\(path) is not a folder: schedule runs the *.yml and *.yaml job files of a folder "
                + "(\(FilePaths.folder(of: path)), say); 'ticketjobs run \(path)' runs this one job now"
        case .noScheduledJob(let directory, let files) where files.isEmpty:
            "no job files (*.yml, *.yaml) in \(directory): nothing to schedule"
        case .noScheduledJob(let directory, let files):
            "no valid job with a 'schedule:' in \(directory) (looked at \(files.joined(separator: ", "))): nothing to schedule"
        }
    }
}
