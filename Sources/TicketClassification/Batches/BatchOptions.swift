import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// How `classify --batch` uses the Message Batches API. Defaults are those of the command with no flags.
public struct BatchOptions: Sendable {
    /// The API's limits per batch: 100,000 requests and 256 MB.
    public static let maximumRequests = 100_000
    public static let maximumBytesAllowed = 256 * 1_000_000

    /// Requests per batch at most. Default 10,000 (the API allows 100,000).
    public var batchSize = 10_000
    /// A batch's request body in bytes at most. Default 200 MB, below the API's 256 MB.
    public var maximumBytes = 200 * 1_000_000
    /// Wait until the batches end and collect them. Default false: the next run (the next night's job)
    /// collects whatever has ended.
    public var wait = false
    /// The first wait between polls; it doubles up to `maximumPollInterval`. Defaults 30 s and 10 minutes.
    public var pollInterval: Duration = .seconds(30)
    public var maximumPollInterval: Duration = .seconds(600)
    /// How far before a lost submission's own record the API's list is searched for it (clock skew). Default 10 min.
    public var reconcileWindow: TimeInterval = 600

    public init() {}
}
