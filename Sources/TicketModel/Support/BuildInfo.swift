import CBuildVersion

/// What this binary is: the version set at build time (a git tag or commit; "dev" for a plain `swift build`).
public enum BuildInfo {
    public static let version = String(cString: ticketjobs_build_version())

    /// How reports and summaries name their maker.
    public static var generatedBy: String { "ticketjobs \(version)" }
}
