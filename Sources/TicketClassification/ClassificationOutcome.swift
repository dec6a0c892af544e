import TicketModel
import TicketDatabase
import TicketImport

/// What a classifier did for one ticket: the result and every call it made on the way.
public struct ClassificationOutcome: Sendable {
    public typealias Result = ClassificationResult

    public var request: ClassificationRequest
    public var result: Result
    /// Each attempt made (HTTP requests for Anthropic; one entry for the local model).
    public var calls: [CallRecord]
    /// Set when the run must stop (a rejected key, a spent account).
    public var fatal: ClassificationError?

    public init(request: ClassificationRequest, result: Result, calls: [CallRecord], fatal: ClassificationError? = nil) {
        self.request = request
        self.result = result
        self.calls = calls
        self.fatal = fatal
    }
}
