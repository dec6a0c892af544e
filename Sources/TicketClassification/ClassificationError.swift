import TicketModel
import TicketDatabase
import TicketImport

/// Reasons classification cannot run (as opposed to one ticket's failure, which is recorded, not thrown).
public enum ClassificationError: Error, Equatable, CustomStringConvertible {
    case noTrainingData
    /// Every labeled ticket the local classifier would learn from has the same label of a kind ("categories"): it
    /// would answer that label, as sure as can be, for every ticket.
    case oneLabelOnly(kind: String, tickets: Int, label: String)
    case unauthorized(String)
    case spendLimitReached(String)
    case missingAPIKey
    case invalidConfiguration(String)
    /// The database's taxonomy changed under the run: further answers would name labels it no longer has.
    case taxonomyChanged
    /// An answer could not be stored: the run stops rather than pay for more it cannot keep.
    case storeFailed(String)
    /// Ticket after ticket got no answer at all, retries included: the API is not reachable from here.
    case unreachable(tickets: Int, lastError: String, everAnswered: Bool)

    public var description: String {
        switch self {
        case .noTrainingData:
            "the local classifier needs labeled tickets to learn from: import a labeled export first (or pass --train)"
        case .oneLabelOnly(let kind, let tickets, let label):
            "the local classifier needs labeled tickets of two \(kind) at least to learn from: the \(tickets) it has are all "
                + "\(label), so it would answer \(label) for every ticket; import more labeled tickets (or pass --train)"
        case .unauthorized(let message): "the Anthropic API rejected the API key (401): \(message)"
        case .spendLimitReached(let message): "the Anthropic account's spend limit is reached: \(message)"
        case .missingAPIKey: "no API key: set ANTHROPIC_API_KEY (or LLM_API_KEY), or use --provider local"
        case .invalidConfiguration(let message): message
        case .taxonomyChanged:
            "the database's taxonomy changed while classify ran (taxonomy set): answers under the old labels were recorded as failed; run classify again"
        case .storeFailed(let message): "could not store an answer, so the run stops before paying for more: \(message)"
        case .unreachable(let tickets, let lastError, true):
            "the Anthropic API could not be reached: \(tickets) tickets in a row got no answer, or only server errors, after their retries "
                + "(last: \(lastError)); the run stops, and the rest stay candidates for the next run"
        case .unreachable(let tickets, let lastError, false):
            "the Anthropic API could not be reached: no request of this run got an answer (\(tickets) tickets in a row, after their "
                + "retries; last: \(lastError)): check ANTHROPIC_BASE_URL and any proxy setting; the run stops, and the rest stay "
                + "candidates for the next run"
        }
    }
}
