import Foundation
import Synchronization
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// An in-process Message Batches API: create, retrieve, list, cancel and results, with the API's checks
/// on custom ids and sizes. Answers come from `FakeClaude`'s keywords; results are served out of order,
/// and chosen requests error, answer outside the taxonomy, or expire. Shared by the in-memory transport and
/// the loopback server.
public final class FakeBatchAPI: Sendable {
    /// How the fake behaves; tests change it between runs.
    public struct Behaviour: Sendable {
        /// Retrieves a batch answers `in_progress` before it ends.
        public var pollsUntilEnd = 1
        /// Every n-th request of a batch (1-based, in submitted order) errors.
        public var erroredEvery: Int?
        /// Every n-th request is answered with a priority outside the taxonomy.
        public var invalidEvery: Int?
        /// Batches end with every request expired (24 hours passed).
        public var expireAll = false
        /// After creating a batch, the create request fails instead of answering: the client never learns the id.
        public var loseCreateAnswers = false
        /// Listing batches fails with 500 (an outage while a lost submission is being reconciled).
        public var failLists = false
        public init() {}
    }

    public struct Stats: Sendable {
        public var creates = 0
        public var retrieves = 0
        public var lists = 0
        public var cancels = 0
        public var resultDownloads = 0
        public var requestsSubmitted = 0
        public var apiKeysSeen: Set<String> = []
    }

    struct Batch: Sendable {
        var id: String
        var createdAt: Date
        var requests: [(customID: String, params: Data)]
        var polls = 0
        var status = "in_progress"
        var canceled = false
        var expired = false
        var endedAt: Date?
    }

    /// A response, whatever carries it.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
        /// The client must not get this answer (the connection drops).
        public var lost = false
    }

    private let state = Mutex<(batches: [String: Batch], order: [String], stats: Stats, behaviour: Behaviour)>(
        ([:], [], Stats(), Behaviour()))
    private let now: @Sendable () -> Date
    public let expectedKey: String
    /// The base of `results_url`, e.g. `http://127.0.0.1:PORT`.
    private let baseURL: Mutex<String>

    public init(
        expectedKey: String = "test-key", baseURL: String = "https://api.anthropic.com",
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.expectedKey = expectedKey
        self.baseURL = Mutex(baseURL)
        self.now = now
    }

    public var behaviour: Behaviour {
        get { state.withLock { $0.behaviour } }
        set { state.withLock { $0.behaviour = newValue } }
    }

    public var stats: Stats { state.withLock { $0.stats } }

    public func setBaseURL(_ url: String) { baseURL.withLock { $0 = url } }

    /// The ids of the batches created, oldest first.
    public var batchIDs: [String] { state.withLock { $0.order } }

    /// Handles one request to `/v1/messages/batches…`.
    public func handle(method: String, path: String, query: [String: String], headers: [String: String], body: Data)
        -> Answer
    {
        let key = headers["x-api-key"] ?? ""
        state.withLock { _ = $0.stats.apiKeysSeen.insert(key) }
        guard key == expectedKey, headers["anthropic-version"] != nil else {
            return Answer(
                status: 401, headers: [:],
                body: FakeClaude.error(type: "authentication_error", message: "invalid x-api-key"))
        }
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "v1", parts[1] == "messages", parts[2] == "batches" else {
            return notFound()
        }
        switch (method, parts.count) {
        case ("POST", 3): return create(body)
        case ("GET", 3):
            if behaviour.failLists {
                return Answer(status: 500, headers: [:], body: FakeClaude.error(type: "api_error", message: "outage"))
            }
            return list(query)
        case ("GET", 4): return retrieve(parts[3])
        case ("GET", 5) where parts[4] == "results": return results(parts[3])
        case ("POST", 5) where parts[4] == "cancel": return cancel(parts[3])
        default: return notFound()
        }
    }

    private func notFound() -> Answer {
        Answer(status: 404, headers: [:], body: FakeClaude.error(type: "not_found_error", message: "not found"))
    }

    private func invalid(_ message: String) -> Answer {
        Answer(status: 400, headers: [:], body: FakeClaude.error(type: "invalid_request_error", message: message))
    }

    private func create(_ body: Data) -> Answer {
        guard body.count <= 256 * 1_000_000 else {
            return Answer(
                status: 413, headers: [:], body: FakeClaude.error(type: "request_too_large", message: "too large"))
        }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let requests = object["requests"] as? [[String: Any]], !requests.isEmpty, requests.count <= 100_000
        else { return invalid("requests: expected 1 to 100000 items") }
        var parsed: [(String, Data)] = []
        var seen = Set<String>()
        for request in requests {
            guard let customID = request["custom_id"] as? String,
                customID.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil
            else { return invalid("custom_id: must match ^[a-zA-Z0-9_-]{1,64}$") }
            guard seen.insert(customID).inserted else { return invalid("custom_id: \(customID) is not unique") }
            guard let params = request["params"] as? [String: Any], params["model"] is String,
                params["max_tokens"] is Int,
                params["messages"] is [Any]
            else { return invalid("params: model, max_tokens and messages are required") }
            parsed.append((customID, try! JSONSerialization.data(withJSONObject: params)))
        }
        let (batch, lose) = state.withLock { state -> (Batch, Bool) in
            state.stats.creates += 1
            state.stats.requestsSubmitted += parsed.count
            let id = "msgbatch_fake\(String(format: "%04d", state.order.count + 1))"
            let batch = Batch(id: id, createdAt: now(), requests: parsed.map { (customID: $0.0, params: $0.1) })
            state.batches[id] = batch
            state.order.append(id)
            return (batch, state.behaviour.loseCreateAnswers)
        }
        var answer = Answer(status: 200, headers: ["content-type": "application/json"], body: encode(batch))
        answer.lost = lose
        return answer
    }

    private func retrieve(_ id: String) -> Answer {
        let batch = state.withLock { state -> Batch? in
            state.stats.retrieves += 1
            guard var batch = state.batches[id] else { return nil }
            batch.polls += 1
            if batch.status != "ended", batch.polls > state.behaviour.pollsUntilEnd || batch.canceled {
                batch.status = "ended"
                batch.expired = state.behaviour.expireAll
                batch.endedAt = now()
            }
            state.batches[id] = batch
            return batch
        }
        guard let batch else { return notFound() }
        return Answer(status: 200, headers: ["content-type": "application/json"], body: encode(batch))
    }

    private func cancel(_ id: String) -> Answer {
        let batch = state.withLock { state -> Batch? in
            state.stats.cancels += 1
            guard var batch = state.batches[id], batch.status != "ended" else { return state.batches[id] }
            batch.canceled = true
            batch.status = "canceling"
            state.batches[id] = batch
            return batch
        }
        guard let batch else { return notFound() }
        return Answer(status: 200, headers: ["content-type": "application/json"], body: encode(batch))
    }

    private func list(_ query: [String: String]) -> Answer {
        let (page, hasMore) = state.withLock { state -> ([Batch], Bool) in
            state.stats.lists += 1
            var newestFirst = state.order.reversed().compactMap { state.batches[$0] }
            if let after = query["after_id"], let index = newestFirst.firstIndex(where: { $0.id == after }) {
                newestFirst = Array(newestFirst[(index + 1)...])
            }
            let limit = Int(query["limit"] ?? "20") ?? 20
            return (Array(newestFirst.prefix(limit)), newestFirst.count > limit)
        }
        let object: [String: Any] = [
            "data": page.map(object), "has_more": hasMore, "first_id": page.first?.id as Any,
            "last_id": page.last?.id as Any,
        ]
        return Answer(
            status: 200, headers: ["content-type": "application/json"],
            body: try! JSONSerialization.data(withJSONObject: object))
    }

    private func results(_ id: String) -> Answer {
        let (batch, behaviour) = state.withLock { state -> (Batch?, Behaviour) in
            state.stats.resultDownloads += 1
            return (state.batches[id], state.behaviour)
        }
        guard let batch, batch.status == "ended" else { return notFound() }
        var lines: [String] = []
        for (index, request) in batch.requests.enumerated() {
            let position = index + 1
            let result: [String: Any]
            if batch.expired {
                result = ["type": "expired"]
            } else if batch.canceled {
                result = ["type": "canceled"]
            } else if let every = behaviour.erroredEvery, position % every == 0 {
                result = [
                    "type": "errored",
                    "error": ["type": "error", "error": ["type": "api_error", "message": "Internal server error"]],
                ]
            } else {
                var labels = FakeClaude.labels(for: request.params)
                if let every = behaviour.invalidEvery, position % every == 0 { labels.priority = "urgent" }
                let message = try! JSONSerialization.jsonObject(
                    with: FakeClaude.answer(category: labels.category, priority: labels.priority))
                result = ["type": "succeeded", "message": message]
            }
            let line = try! JSONSerialization.data(
                withJSONObject: ["custom_id": request.customID, "result": result], options: [.sortedKeys])
            lines.append(String(decoding: line, as: UTF8.self))
        }
        // The API promises no order: serve them shuffled, reproducibly.
        var generator = SeededGenerator(seed: UInt64(batch.requests.count))
        lines.shuffle(using: &generator)
        return Answer(
            status: 200, headers: ["content-type": "application/binary"],
            body: Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    private func object(_ batch: Batch) -> [String: Any] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let total = batch.requests.count
        let ended = batch.status == "ended"
        let errored = ended && !batch.expired && !batch.canceled ? erroredCount(total) : 0
        let counts: [String: Int] = [
            "processing": ended ? 0 : total,
            "succeeded": ended && !batch.expired && !batch.canceled ? total - errored : 0,
            "errored": errored,
            "canceled": ended && batch.canceled ? total : 0,
            "expired": ended && batch.expired ? total : 0,
        ]
        return [
            "id": batch.id, "type": "message_batch", "processing_status": batch.status, "request_counts": counts,
            "created_at": formatter.string(from: batch.createdAt),
            "expires_at": formatter.string(from: batch.createdAt.addingTimeInterval(86400)),
            "ended_at": batch.endedAt.map { formatter.string(from: $0) } as Any,
            "cancel_initiated_at": NSNull(), "archived_at": NSNull(),
            "results_url": ended
                ? "\(baseURL.withLock { $0 })/v1/messages/batches/\(batch.id)/results" as Any : NSNull(),
        ]
    }

    private func erroredCount(_ total: Int) -> Int {
        guard let every = behaviour.erroredEvery, every > 0 else { return 0 }
        return total / every
    }

    private func encode(_ batch: Batch) -> Data {
        try! JSONSerialization.data(withJSONObject: object(batch))
    }
}
