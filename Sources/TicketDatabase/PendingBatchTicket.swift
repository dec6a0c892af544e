import TicketModel

/// A pending batch request's ticket, with the text hash it was submitted with and its current text.
public struct PendingBatchTicket: Sendable {
    public var request: ClassificationRequest
    public var submittedTextHash: Int64
}
