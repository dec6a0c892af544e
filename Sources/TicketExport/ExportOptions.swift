import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// What `export` writes.
public struct ExportOptions: Sendable {
    /// Default: CSV.
    public var format: ImportFormat = .csv
    /// Only tickets created at or after this instant. Default: no lower bound.
    public var since: Date?
    /// Only tickets created before this instant. Default: no upper bound.
    public var until: Date?
    /// How many tickets are written between two reports of progress. Default: 10,000.
    public var progressInterval = 10_000
    /// A test hook, never set in normal use: after this many chunks written the export waits until it is cancelled
    /// (`TICKETJOBS_PAUSE_EXPORT_AFTER_CHUNKS`), so that a test can send a signal mid-export without racing it.
    public var pauseAfterChunks: Int?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        pauseAfterChunks = environment["TICKETJOBS_PAUSE_EXPORT_AFTER_CHUNKS"].flatMap { Int($0) }
    }
}
