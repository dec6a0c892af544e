import TicketModel
import TicketDatabase

/// How far an import has come, reported every few thousand rows.
public struct ImportProgress: Sendable {
    public var file: String
    public var rows: Int
    public var bytesRead: Int
    public var totalBytes: Int?
    public var elapsedSeconds: Double
}
