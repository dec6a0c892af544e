import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// What `classify` does. Defaults are those of `ticketjobs classify` with no flags.
public struct ClassifyOptions: Sendable {
    /// Requests in flight at most. Default 8.
    public var concurrency = 8
    /// Classify at most this many tickets. Default: all candidates.
    public var limit: Int?
    public var since: Date?
    public var until: Date?
    /// Also replace labels an earlier classification set. Default false.
    public var relabel = false
    /// With `relabel`, also replace labels a person set (`manual`). Default false.
    public var includeManual = false
    /// An answer less sure than this is not applied: the ticket waits in the review queue. Default: none.
    public var minConfidence: Double?
    /// Candidates held in memory at once. Default 2,000.
    public var pageSize = 2000

    public init() {}
}
