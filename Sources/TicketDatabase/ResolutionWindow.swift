/// Which tickets a period's resolution hours are about: those created in it, or those resolved in it.
public enum ResolutionWindow: Sendable {
    case created
    case resolved

    /// The instant that places a ticket in the window.
    var column: String {
        switch self {
        case .created: "created_at"
        case .resolved: "resolved_at"
        }
    }

    /// The histogram rollup by month of that instant.
    var table: String {
        switch self {
        case .created: "report_resolution"
        case .resolved: "report_resolved_hours"
        }
    }
}
