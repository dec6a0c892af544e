import Foundation
import GRDB
import Synchronization
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketClassification

@Suite struct BatchRunnerTests {
    let store: TicketStore
    let clock = ManualClock()
    let wall = FixedWallClock()
    let logs = LogRecorder()
    let api: FakeBatchAPI
    static let kinds = [
        ("Refund now", "charged twice"), ("App crash", "error on start, production down"), ("Password", "cannot login"),
        ("Question", "dark mode?"), ("Invoice copy", "need the invoice, no rush"),
    ]

    init() throws {
        store = try TicketStore()
        let wall = self.wall
        api = FakeBatchAPI(expectedKey: "sk-batch", now: { wall.now() })
    }

    /// `count` tickets, each with its own text (so none is deduplicated) unless `texts` says otherwise.
    func seed(_ count: Int, from start: Int = 0, texts: ((Int) -> (String, String))? = nil) throws {
        try TicketSeeder.seed(
            store,
            (start..<start + count).map { i in
                let (title, description) = texts?(i) ?? (Self.kinds[i % 5].0 + " #\(i)", Self.kinds[i % 5].1)
                return Ticket(
                    id: "T-\(i)", title: title, description: description,
                    createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(i)))
            })
    }

    func runner(_ configure: (inout BatchOptions) -> Void = { _ in }) -> BatchRunner<ManualClock> {
        var configuration = AnthropicConfiguration(apiKey: "sk-batch")
        configuration.baseURL = URL(string: "https://api.anthropic.com")!
        var options = BatchOptions()
        configure(&options)
        return BatchRunner(
            store: store, configuration: configuration, transport: FakeBatchTransport(api: api), options: options,
            clock: clock,
            wallClock: wall, logger: logs.logger(), seed: 3)
    }

    /// A Batches API that rate-limits the first request for two minutes: the run says so in its log before it
    /// waits (it was silent for as long as the retry-after, up to an hour).
    @Test func aLongRetryWaitIsLogged() async throws {
        try seed(3)
        let batches = FakeBatchTransport(api: api)
        let transport = FakeAnthropicTransport(clock: clock) { request, index in
            index == 0
                ? HTTPResponse(
                    status: 429, headers: ["retry-after": "120"],
                    body: FakeClaude.error(type: "rate_limit_error", message: "slow down"))
                : try await batches.send(request)
        }
        var configuration = AnthropicConfiguration(apiKey: "sk-batch")
        configuration.baseURL = URL(string: "https://api.anthropic.com")!
        let summary = try await BatchRunner(
            store: store, configuration: configuration, transport: transport, clock: clock, wallClock: wall,
            logger: logs.logger(), seed: 3
        ).run(classify: ClassifyOptions())
        #expect(summary.batchesSubmitted == 1)
        let waits = logs.entries.filter { $0.message == "batch request waiting to retry" }
        #expect(waits.count == 1 && waits.first?.level == .notice)
        #expect(waits.first?.metadata["seconds"] == "120" && waits.first?.metadata["after"] == "HTTP 429: slow down")
    }

    func scalar(_ sql: String) throws -> Int { try store.writer.read { db in try Int.fetchOne(db, sql: sql) ?? 0 } }

    func stored() throws -> [String: (category: String?, priority: String?, source: String?)] {
        try store.writer.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT external_id, title, category, priority, category_source FROM tickets"
                ).map {
                    (
                        $0["external_id"] as String,
                        ($0["category"] as String?, $0["priority"] as String?, $0["category_source"] as String?)
                    )
                })
        }
    }

    @Test func submitWaitCollectLabelsEachTicketFromItsOwnResultAtHalfPrice() async throws {
        try seed(23)
        var behaviour = FakeBatchAPI.Behaviour()
        behaviour.pollsUntilEnd = 3
        behaviour.erroredEvery = 5
        behaviour.invalidEvery = 7
        api.behaviour = behaviour
        let summary = try await runner {
            $0.wait = true; $0.batchSize = 10
        }.run(classify: ClassifyOptions())
        // 23 requests in batches of 10, 10 and 3; in each, the 5th and 10th error and the 7th answers "urgent".
        #expect(summary.batchesSubmitted == 3 && summary.submitted == 23 && summary.batchesCollected == 3)
        #expect(summary.tally.errored == 4 && summary.tally.invalid == 2 && summary.tally.succeeded == 17, "\(summary)")
        #expect(
            summary.labeled == 17 && summary.released == 6 && summary.failed == 6 && summary.batchesPending == 0
                && summary.ticketsPending == 0
        )
        #expect(api.stats.creates == 3 && api.stats.resultDownloads == 3)
        // Results came shuffled: each label must still be its own ticket's.
        let labels = try stored()
        let titles = try await store.writer.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT external_id, title, description FROM tickets")
                    .map {
                        ($0["external_id"] as String, ($0["title"] as String, $0["description"] as String))
                    })
        }
        for (id, label) in labels where label.category != nil {
            let text = try #require(titles[id])
            let expected = FakeClaude.labels(title: text.0, description: text.1)
            #expect(
                label.category == expected.category && label.priority == expected.priority && label.source == "llm",
                "\(id)")
        }
        #expect(labels.values.allSatisfy { $0.priority != "urgent" })
        // The errored and invalid ones are candidates again; every answer's call is recorded at batch price.
        #expect(try store.countClassificationCandidates(since: nil, until: nil, relabel: false) == 6)
        #expect(try scalar("SELECT COUNT(*) FROM classification_calls WHERE batch_id IS NOT NULL") == 23)
        #expect(
            try scalar(
                "SELECT COUNT(*) FROM classification_calls WHERE status = 'failed' AND raw_answer LIKE '%urgent%'") == 2
        )
        let perAnswer = (900.0 * 1 + 40 * 5) / 1_000_000
        #expect(abs((summary.costUSD ?? 0) - 19 * perAnswer / 2) < 1e-9)
        #expect(abs((summary.synchronousCostUSD ?? 0) - 19 * perAnswer) < 1e-9)
        let batches = try store.batches()
        #expect(batches.map(\.status) == [.collected, .collected, .collected])
        #expect(batches.map(\.succeeded).reduce(0, +) == 17)
        #expect(abs(batches.compactMap(\.costUSD).reduce(0, +) - 19 * perAnswer / 2) < 1e-9)
    }

    /// The database's classification lock is held while tickets are submitted, so that no other run sends them
    /// too, and let go while the run waits for its batches, which can take a day.
    @Test func theClassificationLockCoversSubmittingNotWaiting() async throws {
        try seed(4)
        var behaviour = FakeBatchAPI.Behaviour()
        behaviour.pollsUntilEnd = 3
        api.behaviour = behaviour
        let directory = try TemporaryDirectory()
        let lockPath = directory.path("t.sqlite-classify.lock")
        let seen = Mutex<[(request: String, lock: String)]>([])
        let transport = ObservingTransport(inner: FakeBatchTransport(api: api)) { request in
            let state: String
            switch try? ProcessLock.acquire(path: lockPath, now: Date()) {
            case .acquired(let lock)?:
                lock.release()
                state = "free"
            case .held?: state = "held"
            case nil: state = "error"
            }
            seen.withLock { $0.append(("\(request.method) \(request.url.path)", state)) }
        }
        var configuration = AnthropicConfiguration(apiKey: "sk-batch")
        configuration.baseURL = URL(string: "https://api.anthropic.com")!
        var options = BatchOptions()
        options.wait = true
        let runner = BatchRunner(
            store: store, configuration: configuration, transport: transport, options: options, clock: clock,
            wallClock: wall, logger: logs.logger(), seed: 3)
        let summary = try await runner.run(classify: ClassifyOptions()) {
            guard case .acquired(let lock) = try ProcessLock.acquire(path: lockPath, now: Date()) else { return nil }
            return lock
        }
        #expect(summary.labeled == 4)
        let requests = seen.withLock { $0 }
        let creates = requests.filter { $0.request == "POST /v1/messages/batches" }
        #expect(creates.count == 1 && creates.allSatisfy { $0.lock == "held" }, "\(requests)")
        let afterCreate = requests.drop { $0.request != "POST /v1/messages/batches" }.dropFirst()
        #expect(!afterCreate.isEmpty && afterCreate.allSatisfy { $0.lock == "free" }, "\(requests)")
    }

    /// A transport that shows each request to `observe` before `inner` answers it.
    struct ObservingTransport: HTTPTransport {
        let inner: any HTTPTransport
        let observe: @Sendable (TicketClassification.HTTPRequest) -> Void

        func send(_ request: TicketClassification.HTTPRequest) async throws -> TicketClassification.HTTPResponse {
            observe(request)
            return try await inner.send(request)
        }
    }

    @Test func withoutWaitingALaterRunCollectsAndPendingTicketsAreNotSentSynchronously() async throws {
        try seed(6)
        let first = try await runner().run(classify: ClassifyOptions())
        #expect(
            first.batchesSubmitted == 1 && first.batchesCollected == 0 && first.batchesPending == 1
                && first.ticketsPending == 6)
        #expect(try store.countClassificationCandidates(since: nil, until: nil, relabel: false) == 0)
        // A synchronous run meanwhile has nothing to send.
        let transport = FakeAnthropicTransport(clock: clock)
        let classifier = AnthropicClassifier(
            configuration: AnthropicConfiguration(apiKey: "k"), transport: transport,
            limiter: RateLimiter(
                limits: RateLimits(requestsPerMinute: 6000, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9),
                clock: clock),
            clock: clock, seed: 1)
        let sync = try await ClassificationRunner(
            store: store, classifier: classifier, clock: wall, logger: logs.logger()
        ).run(options: ClassifyOptions())
        #expect(sync.candidates == 0 && transport.received.isEmpty)
        // New tickets arrive and the batch ends; the next night's run collects it and submits them.
        try seed(2, from: 6)
        api.behaviour.pollsUntilEnd = 0
        let second = try await runner().run(classify: ClassifyOptions())
        #expect(
            second.batchesCollected == 1 && second.labeled == 6 && second.batchesSubmitted == 1
                && second.submittedTickets == 2)
        #expect(api.stats.creates == 2 && api.stats.requestsSubmitted == 8)
    }

    /// --min-confidence travels with the batch: whichever run collects it queues the doubtful answers for a
    /// person instead of applying them, and those tickets are not sent again.
    @Test func doubtfulBatchAnswersWaitForAPersonWhicheverRunCollects() async throws {
        try seed(6)
        var options = ClassifyOptions()
        options.minConfidence = 0.95  // the fake answers with 0.9
        let submitted = try await runner().run(classify: options)
        #expect(submitted.batchesSubmitted == 1 && submitted.batchesCollected == 0)
        api.behaviour.pollsUntilEnd = 0
        let collected = try await runner().run(classify: ClassifyOptions())
        #expect(collected.batchesCollected == 1 && collected.labeled == 0 && collected.queuedForReview == 6)
        #expect(try store.reviewQueueCount() == 6)
        #expect(try scalar("SELECT COUNT(*) FROM tickets WHERE category IS NOT NULL") == 0)
        #expect(try store.countClassificationCandidates(since: nil, until: nil, relabel: false) == 0)
        // Sure enough answers are applied as usual.
        try seed(2, from: 6)
        var lenient = ClassifyOptions()
        lenient.minConfidence = 0.5
        let applied = try await runner { $0.wait = true }.run(classify: lenient)
        #expect(applied.labeled == 2 && applied.queuedForReview == 0)
    }

    /// --relabel --include-manual in a batch replaces a person's labels, as a synchronous run does; --relabel
    /// alone leaves them.
    @Test func aBatchReplacesManualLabelsOnlyWhenAskedTo() async throws {
        try TicketSeeder.seed(
            store,
            (0..<3).map { i in
                Ticket(
                    id: "M-\(i)", title: "Refund #\(i)", description: "charged twice", category: .general, priority: .low,
                    createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(i)))
            }, source: .manual)
        var relabel = ClassifyOptions()
        relabel.relabel = true
        let kept = try await runner { $0.wait = true }.run(classify: relabel)
        #expect(kept.candidates == 0)
        relabel.includeManual = true
        let replaced = try await runner { $0.wait = true }.run(classify: relabel)
        #expect(replaced.labeled == 3)
        #expect(try scalar("SELECT COUNT(*) FROM tickets WHERE category = 'billing' AND category_source = 'llm'") == 3)
    }

    @Test func identicalTextIsOneRequestAndLabelsEveryTicket() async throws {
        try seed(6) { i in i < 4 ? ("Refund", "charged twice") : ("Crash #\(i)", "error") }
        let summary = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(summary.submitted == 3 && summary.submittedTickets == 6 && summary.labeled == 6)
        #expect(try scalar("SELECT COUNT(*) FROM classification_calls WHERE status = 'reused' AND cost_usd = 0") == 3)
        #expect(try scalar("SELECT COUNT(*) FROM tickets WHERE category = 'billing'") == 4)
        // Identical text arriving while its request waits joins it instead of being sent again.
        try seed(1, from: 10) { _ in ("Crash #5", "error") }
        _ = try await runner().run(classify: ClassifyOptions())
        #expect(api.stats.requestsSubmitted == 3)
    }

    @Test func batchesRespectTheRequestAndByteLimits() async throws {
        try seed(9)
        let summary = try await runner { $0.maximumBytes = 12_000 }.run(classify: ClassifyOptions())
        let batches = try store.batches()
        #expect(summary.submitted == 9 && batches.count == summary.batchesSubmitted && batches.count > 1)
        #expect(batches.allSatisfy { $0.bytes <= 12_000 })
        #expect(batches.map(\.requests).reduce(0, +) == 9)
    }

    @Test func aLostCreateAnswerIsReconciledNotSubmittedTwice() async throws {
        try seed(4)
        api.behaviour.loseCreateAnswers = true
        let summary = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(api.stats.creates == 1 && api.stats.lists >= 1)
        #expect(summary.batchesSubmitted == 1 && summary.labeled == 4)
        #expect(try store.batches().first?.remoteID == api.batchIDs.first)
    }

    @Test func aSubmissionLeftByADeadProcessIsAdoptedOrAbandoned() async throws {
        try seed(5)
        // The first run loses the create's answer and cannot reach the list either: it stops, its batch still
        // 'submitting'. Then its process is gone (simulated by a pid no process has).
        api.behaviour.loseCreateAnswers = true
        api.behaviour.failLists = true
        await #expect(throws: MessageBatchError.self) { _ = try await runner().run(classify: ClassifyOptions()) }
        #expect(api.stats.creates == 1)
        #expect(try store.batches().map(\.status) == [.submitting])
        #expect(try store.countClassificationCandidates(since: nil, until: nil, relabel: false) == 0)
        try await store.writer.write { db in try db.execute(sql: "UPDATE message_batches SET pid = 999999") }
        api.behaviour = FakeBatchAPI.Behaviour()
        let next = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(next.reconciled == 1 && next.abandoned == 0 && next.batchesSubmitted == 0 && next.labeled == 5)
        #expect(api.stats.creates == 1)
        // A submission that never reached the API is abandoned and its tickets are sent again.
        try seed(2, from: 20)
        try await store.writer.write { db in
            try db.execute(
                sql:
                    "INSERT INTO message_batches (key, model, prompt_version, status, requests, bytes, pid, submitted_at) VALUES ('tjlost', 'claude-haiku-4-5', 'v', 'submitting', 2, 10, 999999, ?)",
                arguments: [Int64(wall.now().timeIntervalSince1970)])
            let id = db.lastInsertedRowID
            try db.execute(
                sql:
                    "INSERT INTO message_batch_requests (batch_id, ticket_id, custom_id, text_hash) SELECT ?, id, 'tjlost-' || id, 0 FROM tickets WHERE external_id IN ('T-20', 'T-21')",
                arguments: [id])
        }
        #expect(try store.countClassificationCandidates(since: nil, until: nil, relabel: false) == 0)
        let third = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(third.abandoned == 1 && third.batchesSubmitted == 1 && third.labeled == 2)
        #expect(try store.batch("tjlost")?.status == .abandoned)
    }

    @Test func anExpiredBatchReturnsItsTicketsToTheCandidates() async throws {
        try seed(4)
        api.behaviour.expireAll = true
        let summary = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(summary.tally.expired == 4 && summary.labeled == 0 && summary.released == 4 && summary.failed == 4)
        #expect(summary.costUSD == 0)
        #expect(try store.countClassificationCandidates(since: nil, until: nil, relabel: false) == 4)
        #expect(try store.batches().first?.expired == 4)
        api.behaviour.expireAll = false
        let retry = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(retry.labeled == 4)
    }

    /// A batch gets one answer a ticket: an answer with no usable label releases the ticket to be sent again,
    /// and a second one for the same text sets it aside for a person instead of sending it batch after batch.
    @Test func aTicketAnsweredUnusablyInTwoBatchesWaitsForAPerson() async throws {
        try seed(3)
        api.behaviour.invalidEvery = 3
        let first = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(first.labeled == 2 && first.failed == 1 && first.released == 1 && first.setAside == 0)
        api.behaviour.invalidEvery = 1
        let second = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(second.failed == 1 && second.released == 0 && second.setAside == 1)
        let queued = try store.reviewQueue(limit: nil)
        #expect(queued.count == 1 && queued.first?.suggestedCategory == nil)
        #expect(try store.countClassificationCandidates(since: nil, until: nil, relabel: false) == 0)
        let submitted = api.stats.requestsSubmitted
        let third = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(third.candidates == 0 && api.stats.requestsSubmitted == submitted)
    }

    @Test func aCanceledBatchIsCollectedAsCanceled() async throws {
        try seed(3)
        let runner = runner()
        _ = try await runner.run(classify: ClassifyOptions())
        let key = try #require(try store.batches().first?.key)
        let remote = try await runner.cancel(key)
        #expect(remote.processingStatus == .canceling)
        let summary = try await runner.collect(key, wait: true)
        // Canceled by a person: back among the candidates, not failed.
        #expect(summary.tally.canceled == 3 && summary.released == 3 && summary.failed == 0)
        #expect(try store.batch(key)?.status == .collected)
        await #expect(throws: MessageBatchError.self) { _ = try await runner.cancel(key) }
    }

    @Test func aResumedCollectionStoresEachResultOnce() async throws {
        try seed(5)
        let runner = runner { $0.wait = true }
        _ = try await runner.run(classify: ClassifyOptions())
        let record = try #require(try store.batches().first)
        // Collecting an already collected batch again (as after a crash before its status was written) changes nothing.
        try await store.writer.write { db in try db.execute(sql: "UPDATE message_batches SET status = 'ended'") }
        let remote = try await MessageBatchClient(
            configuration: runner.configuration, transport: FakeBatchTransport(api: api), clock: clock
        )
        .retrieve(try #require(record.remoteID))
        var again = BatchSummary(model: "m")
        try await runner.collect(try #require(try store.batch(id: record.id)), remote: remote, summary: &again)
        #expect(again.labeled == 0 && again.tally == BatchTally())
        #expect(try scalar("SELECT COUNT(*) FROM classification_calls") == 5)
        #expect(try store.batch(id: record.id)?.succeeded == 5)
    }

    /// A label dropped by `taxonomy set` while the batch was processing: collecting releases the tickets
    /// answered with it (their calls and cost recorded, the label not applied) and labels the rest.
    @Test func answersWhoseLabelLeftTheTaxonomyAreReleasedNotApplied() async throws {
        try seed(5)
        _ = try await runner().run(classify: ClassifyOptions())
        var categories = Taxonomy.standard.categories
        categories.removeAll { $0.name == "billing" }
        _ = try store.replaceTaxonomy(
            Taxonomy(categories: categories, priorities: Taxonomy.standard.priorities), map: [:],
            unlabelMissing: false, at: wall.now())
        let summary = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        let labels = try stored()
        #expect(labels.values.allSatisfy { $0.category != "billing" })
        let released = try scalar("SELECT COUNT(*) FROM message_batch_requests WHERE state = 'released'")
        #expect(released == 2, "the refund and the invoice")
        #expect(labels.values.filter { $0.category != nil }.count == 3 && summary.labeled == 3)
        #expect(summary.released == 2 && summary.failed == 0)
        #expect(try scalar("SELECT COUNT(*) FROM classification_calls WHERE error LIKE '%taxonomy%'") == 2)
    }

    @Test func aTicketEditedWhileWaitingIsNotLabeledWithTheOldAnswer() async throws {
        try seed(2)
        _ = try await runner().run(classify: ClassifyOptions())
        try await store.writer.write { db in
            try db.execute(sql: "UPDATE tickets SET description = 'something else entirely' WHERE external_id = 'T-1'")
        }
        let summary = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        #expect(summary.labeled >= 1 && summary.released == 1 && summary.failed == 0)
        #expect(try stored()["T-0"]?.category != nil)
        #expect(try scalar("SELECT COUNT(*) FROM message_batch_requests WHERE state = 'released'") == 1)
    }

    @Test func theKeyNeverReachesTheStore() async throws {
        try seed(2)
        _ = try await runner { $0.wait = true }.run(classify: ClassifyOptions())
        let dump = try await store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM classification_calls").map(\.description).joined()
                + Row.fetchAll(db, sql: "SELECT * FROM message_batches").map(\.description).joined()
        }
        #expect(!dump.contains("sk-batch"))
        #expect(!logs.entries.contains { "\($0.message) \($0.metadata)".contains("sk-batch") })
    }
}
