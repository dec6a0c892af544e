/// An import of several files that an error stopped after some were stored: `summary` counts those files,
/// which stay imported, so that the caller can say what was stored before saying what went wrong.
public struct ImportStopped: Error, CustomStringConvertible {
    public var error: any Error
    public var summary: ImportSummary

    public init(error: any Error, summary: ImportSummary) {
        self.error = error
        self.summary = summary
    }

    public var description: String { "\(error)" }
}
