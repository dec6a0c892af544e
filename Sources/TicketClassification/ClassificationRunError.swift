import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport

/// A run that stopped on a fatal error, with what it had done by then.
public struct ClassificationRunError: Error, CustomStringConvertible {
    public var summary: ClassifySummary
    public var error: ClassificationError
    public var description: String { error.description }
}
