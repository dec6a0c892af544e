/// A period's instants `[start, end)` in epoch seconds.
struct ReportSpan: Equatable {
    var start: Int64
    var end: Int64
}
