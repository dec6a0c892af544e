import TicketModel
import TicketDatabase
import TicketImport

/// Something that labels tickets: the Anthropic provider, the local model, or a fake in tests.
public protocol TicketClassifier: Sendable {
    /// `anthropic` or `local`, as stored with every call.
    var provider: String { get }
    var model: String { get }
    /// Changes whenever the prompt (or the local features) change, so a label is reused only for the same one.
    var promptVersion: String { get }
    /// Labels one ticket. Never throws for one ticket's trouble: that is a `.failed` outcome.
    func classify(_ request: ClassificationRequest) async -> ClassificationOutcome
    /// The request rate a rate-limited classifier paces at (requests per minute); nil for one that makes no
    /// requests.
    var effectiveRequestsPerMinute: Double? { get async }
}

extension TicketClassifier {
    public var effectiveRequestsPerMinute: Double? {
        get async { nil }
    }

    /// Who answers, as the store records it.
    public var identity: ClassifierIdentity {
        ClassifierIdentity(provider: provider, model: model, promptVersion: promptVersion)
    }
}
