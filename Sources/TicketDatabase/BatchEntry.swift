/// A ticket's place in a Message Batch being built.
public struct BatchEntry: Sendable, Equatable {
    public var ticketID: Int64
    public var customID: String
    public var textHash: Int64

    public init(ticketID: Int64, customID: String, textHash: Int64) {
        self.ticketID = ticketID
        self.customID = customID
        self.textHash = textHash
    }
}
