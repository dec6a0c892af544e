import Foundation

/// Accumulates one batch's `{"requests": [...]}` document within the API's limits. Tickets with identical
/// text share one request (one `custom_id`), so the same text is never paid for twice in a batch.
struct BatchBuilder {
    /// Our id for the batch: the prefix of its custom ids, `[A-Za-z0-9_-]`.
    let key: String
    let maximumRequests: Int
    let maximumBytes: Int
    private(set) var entries: [TicketStore.BatchEntry] = []
    private(set) var requestCount = 0
    private var body = Data(#"{"requests":["#.utf8)
    private var customIDs: [Int64: String] = [:]
    private static let closing = Data("]}".utf8)

    init(key: String, maximumRequests: Int, maximumBytes: Int) {
        self.key = key
        self.maximumRequests = maximumRequests
        self.maximumBytes = maximumBytes
    }

    var isEmpty: Bool { entries.isEmpty }
    var byteCount: Int { body.count + Self.closing.count }
    var document: Data { body + Self.closing }

    /// The finished document, handed over without a copy (tens of megabytes); the builder is spent.
    mutating func takeDocument() -> Data {
        body.append(Self.closing)
        let document = body
        body = Data()
        return document
    }

    /// `key-ticketID`: stable, at most 64 characters of `[A-Za-z0-9_-]` as the API requires.
    func customID(for ticketID: Int64) -> String { "\(key)-\(ticketID)" }

    /// Adds a ticket whose identical text is already in this batch; false when there is none.
    mutating func addDuplicate(_ request: ClassificationRequest) -> Bool {
        guard let customID = customIDs[request.textHash] else { return false }
        entries.append(
            TicketStore.BatchEntry(ticketID: request.ticketID, customID: customID, textHash: request.textHash))
        return true
    }

    /// The encoded request item for a ticket.
    func item(for request: ClassificationRequest, parameters: Data) -> Data {
        Data(#"{"custom_id":""#.utf8) + Data(customID(for: request.ticketID).utf8) + Data(#"","params":"#.utf8)
            + parameters
            + Data("}".utf8)
    }

    /// Whether `item` still fits under both limits.
    func fits(_ item: Data) -> Bool {
        requestCount < maximumRequests && byteCount + item.count + 1 <= maximumBytes
    }

    mutating func add(_ request: ClassificationRequest, item: Data) {
        if requestCount > 0 { body.append(UInt8(ascii: ",")) }
        body.append(item)
        let customID = customID(for: request.ticketID)
        customIDs[request.textHash] = customID
        entries.append(
            TicketStore.BatchEntry(ticketID: request.ticketID, customID: customID, textHash: request.textHash))
        requestCount += 1
    }
}
