/// One ticket to classify. The text is untrusted data.
public struct ClassificationRequest: Sendable, Equatable {
    public var ticketID: Int64
    public var externalID: String
    public var title: String
    public var description: String

    public init(ticketID: Int64, externalID: String, title: String, description: String) {
        self.ticketID = ticketID
        self.externalID = externalID
        self.title = title
        self.description = description
    }

    public var text: String { description.isEmpty ? title : title + "\n\n" + description }

    /// Identifies identical text, for reusing an earlier answer instead of paying again.
    public var textHash: Int64 {
        var hash = FNV1a()
        hash.combineField(title)
        hash.combine(description.utf8)
        return Int64(bitPattern: hash.value)
    }
}
