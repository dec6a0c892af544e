/// A command whose `--json` flag turns its summary into JSON; when it fails without one, `TicketJobsCommand`
/// prints a `FailureSummary` in its place. (`SendableMetatype`: so that the cast in `main` cannot find a conformance
/// isolated to the main actor, which the command's `run` would then race.)
protocol SummarizedAsJSON: SendableMetatype {
    var json: Bool { get }
}
