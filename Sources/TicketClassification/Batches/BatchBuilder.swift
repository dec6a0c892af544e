import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Writes one batch's `{"requests": [...]}` document to a temporary file within the API's limits, so a
/// batch of hundreds of megabytes is uploaded from disk and never held in memory. Tickets with identical
/// text share one request (one `custom_id`), so the same text is never paid for twice in a batch.
struct BatchBuilder {
    /// Our id for the batch: the prefix of its custom ids, `[A-Za-z0-9_-]`.
    let key: String
    let maximumRequests: Int
    let maximumBytes: Int
    /// The document being written.
    let file: URL
    private let handle: FileHandle
    private(set) var entries: [BatchEntry] = []
    private(set) var requestCount = 0
    /// Bytes written and buffered so far, without the closing `]}`.
    private var written = 0
    private var buffer = Data()
    private var customIDs: [Int64: String] = [:]
    private static let opening = Data(#"{"requests":["#.utf8)
    private static let closing = Data("]}".utf8)

    init(key: String, maximumRequests: Int, maximumBytes: Int, directory: URL = FileManager.default.temporaryDirectory)
        throws
    {
        self.key = key
        self.maximumRequests = maximumRequests
        self.maximumBytes = maximumBytes
        file = directory.appendingPathComponent("ticketjobs-batch-\(key)-\(UUID().uuidString).json")
        // Tickets' text, in a folder other users can list: readable by its owner only.
        let created = FileManager.default.createFile(
            atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard created else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
        handle = try FileHandle(forWritingTo: file)
        buffer.append(Self.opening)
        written = Self.opening.count
    }

    var isEmpty: Bool { entries.isEmpty }
    /// The document's size once finished.
    var byteCount: Int { written + Self.closing.count }

    /// `key-ticketID`: stable, at most 64 characters of `[A-Za-z0-9_-]` as the API requires.
    func customID(for ticketID: Int64) -> String { "\(key)-\(ticketID)" }

    /// Adds a ticket whose identical text is already in this batch; false when there is none.
    mutating func addDuplicate(_ request: ClassificationRequest) -> Bool {
        guard let customID = customIDs[request.textHash] else { return false }
        entries.append(
            BatchEntry(ticketID: request.ticketID, customID: customID, textHash: request.textHash))
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

    mutating func add(_ request: ClassificationRequest, item: Data) throws {
        if requestCount > 0 {
            buffer.append(UInt8(ascii: ","))
            written += 1
        }
        buffer.append(item)
        written += item.count
        let customID = customID(for: request.ticketID)
        customIDs[request.textHash] = customID
        entries.append(
            BatchEntry(ticketID: request.ticketID, customID: customID, textHash: request.textHash))
        requestCount += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Closes the document; the file is then ready to upload.
    mutating func finish() throws -> URL {
        buffer.append(Self.closing)
        try flush()
        try handle.close()
        return file
    }

    /// Removes the file (after the upload, or when the batch is not sent).
    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(at: file)
    }

    private mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
