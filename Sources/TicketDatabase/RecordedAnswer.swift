import TicketModel

/// What `StoreTransaction.record` did with an outcome's answer.
public enum RecordedAnswer: Sendable, Equatable {
    /// Its labels were applied (where the ticket's sources allow).
    case applied
    /// Less confident than asked: the ticket waits in the review queue with it as the suggestion.
    case queued
    /// There was no answer (the outcome failed): only its calls were recorded.
    case unanswered
    /// The outcome failed with the model's answers no usable label, and its text has had enough of those: the
    /// ticket waits in the review queue without a suggestion, no candidate for classify until a person labels it.
    case setAside
    /// Its labels are no longer in the database's taxonomy (changed by `taxonomy set` while the run was under
    /// way): recorded as a failure with its calls and cost, nothing applied, the ticket still a candidate.
    case outsideTaxonomy
    /// The ticket's text changed after it was read (an import updated it while its request was under way): the
    /// answer was for the old text, so it is recorded as a failure with its calls, and the ticket is still a
    /// candidate.
    case textChanged

    /// The failure recorded for an answer to text the ticket no longer has.
    public static let textChangedReason = "the ticket's text changed while it was being classified: the next run labels it"

    /// The failure recorded for an answer outside the taxonomy.
    public static func outsideTaxonomyReason(_ label: ClassificationLabel) -> String {
        "the answer \(label.category.rawValue)/\(label.priority.rawValue) is not in the database's taxonomy, which changed while classify ran: run classify again"
    }
}
