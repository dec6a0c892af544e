/// A step that ran but whose result fails the job.
public enum JobStepFailure: Error, Equatable, CustomStringConvertible {
    /// An evaluation missed figures of its `fail_under`.
    case belowThreshold([String])

    public var description: String {
        switch self {
        case .belowThreshold(let misses): "evaluation below fail_under: \(misses.joined(separator: "; "))"
        }
    }
}
