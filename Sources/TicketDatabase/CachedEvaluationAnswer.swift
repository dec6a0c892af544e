import TicketModel

/// An evaluation's answer kept from an earlier run, for the same text, model and prompt version.
public enum CachedEvaluationAnswer: Sendable, Equatable {
    case labeled(ClassificationLabel)
    /// The model answered twice with no usable label (a refusal, say): a failure, as it was, without paying again.
    case unusable
}
