import TicketModel
import TicketDatabase
import TicketImport

/// Why a Message Batch operation could not be done (as opposed to one request's failure inside a batch,
/// which is a result like any other).
public enum MessageBatchError: Error, Equatable, CustomStringConvertible {
    /// The API refused the request for good (a 4xx other than 429): nothing was created.
    case rejected(status: Int, message: String)
    /// No answer, or a server error: the batch may or may not have been created.
    case unknownOutcome(String)
    /// Retryable failures went on past the last attempt.
    case gaveUp(String)
    case notFound(String)
    case notEnded(String)
    case unknownBatch(String)
    /// The batch exists but has ended: there is nothing to cancel.
    case alreadyEnded(String, status: String)
    case malformedAnswer(String)

    public var description: String {
        switch self {
        case .rejected(let status, let message):
            "the Message Batches API refused the request (HTTP \(status))" + (message.isEmpty ? "" : ": \(message)")
        case .unknownOutcome(let detail): "the Message Batches API did not answer clearly (\(detail))"
        case .gaveUp(let detail): "the Message Batches API kept failing: \(detail)"
        case .notFound(let id): "no message batch \(id) at the API"
        case .notEnded(let id): "batch \(id) has not ended yet: collect it once it has (or use --wait)"
        case .unknownBatch(let id): "no batch \(id) in this database (see 'ticketjobs batches list')"
        case .alreadyEnded(let id, let status): "batch \(id) has already ended (\(status)): there is nothing to cancel"
        case .malformedAnswer(let detail): "the Message Batches API answered something unexpected: \(detail)"
        }
    }
}
