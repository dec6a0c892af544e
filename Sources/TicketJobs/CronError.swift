import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// A cron expression that cannot be used.
public struct CronError: Error, Equatable, CustomStringConvertible {
    public var expression: String
    public var reason: String
    public var description: String { "invalid schedule '\(expression)': \(reason)" }
}
