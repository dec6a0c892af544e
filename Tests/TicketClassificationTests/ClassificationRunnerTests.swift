import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketClassification

@Suite struct ClassificationRunnerTests {
    let store: TicketStore
    let clock = ManualClock()
    let logs = LogRecorder()

    init() throws {
        store = try TicketStore()
    }

    func seed(_ count: Int, texts: (Int) -> (String, String) = { i in ("Ticket \(i)", "Body \(i)") }) throws {
        try TicketSeeder.seed(store, (0..<count).map { i in
            let (title, description) = texts(i)
            return Ticket(id: "T-\(i)", title: title, description: description,
                          createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(i)))
        })
    }

    /// `clock`: the suite's (moving itself as tasks sleep) unless a test brings its own.
    func runner(
        _ transport: FakeAnthropicTransport,
        limits: RateLimits = RateLimits(requestsPerMinute: 6000, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9),
        clock: ManualClock? = nil
    ) -> ClassificationRunner {
        let clock = clock ?? self.clock
        var configuration = AnthropicConfiguration(apiKey: "sk-secret-xyz")
        configuration.baseURL = URL(string: "http://127.0.0.1:9")!
        let classifier = AnthropicClassifier(
            configuration: configuration, transport: transport, limiter: RateLimiter(limits: limits, clock: clock),
            clock: clock, seed: 1)
        return ClassificationRunner(store: store, classifier: classifier, clock: FixedWallClock(), logger: logs.logger())
    }

    func labels() throws -> [String: (String?, String?, String?)] {
        try store.writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT external_id, category, priority, category_source FROM tickets").map {
                ($0["external_id"] as String, ($0["category"] as String?, $0["priority"] as String?, $0["category_source"] as String?))
            })
        }
    }

    @Test func resultsReachTheRightTicketUnderConcurrency() async throws {
        let kinds = [("Refund now", "charged twice"), ("App crash", "error on start, production down"),
                     ("Password", "cannot login"), ("Question", "dark mode?")]
        try seed(40) { kinds[$0 % 4] }
        // Answers take a different number of turns per ticket, so they come back out of order (no real sleeping).
        let transport = FakeAnthropicTransport(clock: clock) { request, index in
            for _ in 0..<(index * 7 % 5) { await Task.yield() }
            return FakeAnthropicTransport.correctAnswer(request)
        }
        var options = ClassifyOptions()
        options.concurrency = 8
        let summary = try await runner(transport).run(options: options)
        #expect(summary.candidates == 40 && summary.labeled == 40 && summary.requests == 40)
        let stored = try labels()
        for i in 0..<40 {
            let expected = FakeClaude.labels(title: kinds[i % 4].0, description: kinds[i % 4].1)
            #expect(stored["T-\(i)"]?.0 == expected.category && stored["T-\(i)"]?.1 == expected.priority, "T-\(i)")
            #expect(stored["T-\(i)"]?.2 == "llm")
        }
    }

    @Test func staysWithinTheRequestLimitInEveryMinute() async throws {
        try seed(90)
        let transport = FakeAnthropicTransport(clock: clock)
        var options = ClassifyOptions()
        options.concurrency = 16
        let limits = RateLimits(requestsPerMinute: 30, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9)
        let summary = try await runner(transport, limits: limits).run(options: options)
        #expect(summary.labeled == 90)
        let times = transport.received.map(\.at).sorted()
        for (index, start) in times.enumerated() {
            #expect(times[index...].prefix { $0 < start + 60 }.count <= 31)
        }
        #expect(clock.elapsedSeconds >= 170)  // 90 requests at 30 a minute
    }

    @Test func aRerunPaysForNoTicketTwice() async throws {
        try seed(10)
        let transport = FakeAnthropicTransport(clock: clock)
        var options = ClassifyOptions()
        options.limit = 4
        _ = try await runner(transport).run(options: options)
        options.limit = nil
        let second = try await runner(transport).run(options: options)
        #expect(second.candidates == 6)
        #expect(transport.received.count == 10)
        let third = try await runner(transport).run(options: options)
        #expect(third.candidates == 0)
    }

    @Test func pagesCoverEveryCandidateOnceAndHonourTheLimit() async throws {
        try seed(10)
        let transport = FakeAnthropicTransport(clock: clock)
        var options = ClassifyOptions()
        options.pageSize = 3
        options.limit = 7
        let first = try await runner(transport).run(options: options)
        #expect(first.candidates == 7 && first.labeled == 7)
        options.limit = nil
        let second = try await runner(transport).run(options: options)
        #expect(second.candidates == 3 && second.labeled == 3)
        let ids = transport.received.compactMap { FakeClaude.ticket(in: $0.request.body)?.title }
        #expect(ids.count == 10 && Set(ids).count == 10)
    }

    @Test func identicalTextReusesTheEarlierAnswer() async throws {
        try seed(3) { _ in ("Same", "same text") }
        let transport = FakeAnthropicTransport(clock: clock)
        var options = ClassifyOptions()
        options.concurrency = 1
        options.limit = 1
        _ = try await runner(transport).run(options: options)
        options.limit = nil
        let summary = try await runner(transport).run(options: options)
        #expect(summary.skipped == 2 && summary.requests == 0)
        #expect(transport.received.count == 1)
    }

    /// Claude's own confidence decides: the unsure half waits for review, unapplied, and is not asked again.
    @Test func answersBelowTheMinimumConfidenceWaitForReview() async throws {
        try seed(6)
        let transport = FakeAnthropicTransport(clock: clock) { request, _ in
            let (category, priority) = FakeClaude.labels(title: "Ticket", description: "")
            let body = FakeClaude.ticket(in: request.body)?.description ?? ""
            let id = Int(body.split(separator: " ").last ?? "0") ?? 0
            return HTTPResponse(
                status: 200, headers: [:],
                body: FakeClaude.answer(category: category, priority: priority, confidence: id % 2 == 0 ? 0.95 : 0.4))
        }
        var options = ClassifyOptions()
        options.minConfidence = 0.8
        let summary = try await runner(transport).run(options: options)
        #expect(summary.labeled == 3 && summary.queuedForReview == 3 && summary.requests == 6)
        let stored = try labels()
        for i in 0..<6 { #expect((stored["T-\(i)"]?.0 == nil) == (i % 2 == 1), "T-\(i)") }
        #expect(try store.reviewQueue(limit: nil).map(\.externalID).sorted() == ["T-1", "T-3", "T-5"])
        #expect(try store.reviewQueue(limit: nil).allSatisfy { $0.confidence == 0.4 })
        let again = try await runner(transport).run(options: options)
        #expect(again.candidates == 0 && transport.received.count == 6)
    }

    @Test func failuresAreRecordedNotLabeled() async throws {
        try seed(2)
        let transport = FakeAnthropicTransport(clock: clock) { _, _ in
            HTTPResponse(status: 200, headers: [:], body: Data(#"{"content":[],"stop_reason":"refusal"}"#.utf8))
        }
        let summary = try await runner(transport).run(options: ClassifyOptions())
        #expect(summary.failed == 2 && summary.labeled == 0)
        let stored = try labels()
        #expect(stored["T-0"]?.0 == nil)
        let failed = try await store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM classification_calls WHERE status = 'failed' AND raw_answer IS NOT NULL")! }
        #expect(failed == 4)
    }

    /// A ticket whose text the model answers with no usable label (a refusal, say) would be sent, and paid for,
    /// on every run: twice answered so, it waits for a person in the review queue, without a suggestion. A body
    /// that is no Messages answer (a gateway's page, or its JSON) is not the model's answer and sets nothing aside.
    @Test func aTicketTheModelCannotLabelWaitsForAPersonInsteadOfBeingPaidForEveryRun() async throws {
        try seed(4)
        let transport = FakeAnthropicTransport(clock: clock) { request, _ in
            switch FakeClaude.ticket(in: request.body)?.description {
            case "Body 1": HTTPResponse(status: 200, headers: [:], body: Data(#"{"content":[],"stop_reason":"refusal"}"#.utf8))
            case "Body 2": HTTPResponse(status: 200, headers: [:], body: Data("<html>gateway</html>".utf8))
            // JSON, but no Message: a gateway's own answer, which the model did not give.
            case "Body 3": HTTPResponse(status: 200, headers: [:], body: Data(#"{"error":"upstream timeout"}"#.utf8))
            default: FakeAnthropicTransport.correctAnswer(request)
            }
        }
        let first = try await runner(transport).run(options: ClassifyOptions())
        #expect(first.labeled == 1 && first.failed == 3 && first.setAside == 1 && first.requests == 7)
        let queue = try store.reviewQueue(limit: nil)
        #expect(queue.map(\.externalID) == ["T-1"])
        #expect(queue.first?.suggestedCategory == nil && queue.first?.suggestedPriority == nil && queue.first?.confidence == nil)
        #expect(logs.entries.contains { $0.message.contains("set aside for a person") && $0.metadata["ticket"] == "T-1" })

        // The next run sends only the tickets whose failures were not the model's.
        let second = try await runner(transport).run(options: ClassifyOptions())
        #expect(second.candidates == 2 && second.requests == 4 && second.setAside == 0)
        #expect(transport.received.count == 11)

        // A person's label takes it out of the queue, as for any queued ticket.
        #expect(try store.applyReviewedLabels(
            [ReviewedLabel(externalID: "T-1", category: Category(rawValue: "billing"), priority: Priority(rawValue: "low"))],
            at: Date()).isEmpty)
        #expect(try store.reviewQueueCount() == 0)
        #expect(try labels()["T-1"]?.2 == "manual")
    }

    /// One unusable answer in a run, then none to be had (a server failing): the ticket stays a candidate; the
    /// next run's unusable answer is its second, and it is set aside then.
    @Test func unusableAnswersAddUpAcrossRuns() async throws {
        try seed(1)
        let refusal = HTTPResponse(status: 200, headers: [:], body: Data(#"{"content":[],"stop_reason":"refusal"}"#.utf8))
        let overloaded = FakeAnthropicTransport(clock: clock) { _, index in
            index == 0 ? refusal : HTTPResponse(status: 529, headers: [:], body: FakeClaude.error(type: "overloaded_error", message: "busy"))
        }
        let first = try await runner(overloaded).run(options: ClassifyOptions())
        #expect(try first.failed == 1 && first.setAside == 0 && store.reviewQueueCount() == 0)
        let refusing = FakeAnthropicTransport(clock: clock) { _, _ in refusal }
        let second = try await runner(refusing).run(options: ClassifyOptions())
        #expect(second.failed == 1 && second.setAside == 1 && refusing.received.count == 2)
        #expect(try store.reviewQueue(limit: nil).map(\.externalID) == ["T-0"])
        let third = try await runner(refusing).run(options: ClassifyOptions())
        #expect(third.candidates == 0 && refusing.received.count == 2)
    }

    /// An endpoint that never answers (a mistyped port or host): once three tickets in a row got no answer
    /// through all their retries, the run stops (across pages) instead of waiting out every ticket's retries (ten,
    /// before, took 100 s on a refused port); the rest were never sent, and the message says what to check.
    @Test func aRunStopsWhenTicketAfterTicketGetsNoAnswer() async throws {
        try seed(40)
        let transport = FakeAnthropicTransport(clock: clock) { _, _ in throw URLError(.cannotConnectToHost) }
        var options = ClassifyOptions()
        options.concurrency = 2
        options.pageSize = 4
        let error = await #expect(throws: ClassificationRunError.self) { try await runner(transport).run(options: options) }
        guard case .unreachable(let tickets, _, false)? = error?.error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(tickets == UnansweredStreak.limitBeforeAnyAnswer)
        #expect(error?.description.contains("could not be reached: no request of this run got an answer") == true)
        #expect(error?.description.contains("check ANTHROPIC_BASE_URL") == true)
        #expect((error?.summary.elapsedSeconds ?? 0) > 0, "a stopped run says how long it ran")
        let tried = try await store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT ticket_id) FROM classification_calls")! }
        #expect(tried >= UnansweredStreak.limitBeforeAnyAnswer && tried < 10, "\(tried) tickets tried")
        #expect(try labels().values.allSatisfy { $0.0 == nil })
    }

    /// A run stopped by an answer that every ticket would get (a wrong key, a 404) counts the requests it made,
    /// as the store records them, though their tickets count neither labeled nor failed.
    @Test func aStoppedRunCountsTheRequestsThatStoppedIt() async throws {
        try seed(6)
        let transport = FakeAnthropicTransport(clock: clock) { _, _ in
            HTTPResponse(status: 404, headers: [:], body: FakeClaude.error(type: "not_found_error", message: "model: nope"))
        }
        var options = ClassifyOptions()
        options.concurrency = 1
        let error = await #expect(throws: ClassificationRunError.self) { try await runner(transport).run(options: options) }
        let recorded = try await store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM classification_calls")! }
        #expect(recorded == transport.received.count && recorded >= 1)
        #expect(error?.summary.requests == recorded, "\(String(describing: error?.summary))")
        #expect(error?.summary.labeled == 0 && error?.summary.failed == 0)
    }

    /// Once an answer stops the run, the classifications still waiting for the rate limiter are not sent and are
    /// not waited for: the run ends at once instead of after their pacing slots (10 s apart here, on a clock
    /// that moves only when told; a watchdog moves it on, a minute at a time, if the run waits for them, so that a
    /// failure shows as one and not as a hang).
    @Test func aStoppedRunDoesNotWaitOutThePacingOfRequestsNotSent() async throws {
        try seed(4)
        let clock = ManualClock(autoAdvance: false)
        let transport = FakeAnthropicTransport(clock: clock, latency: .zero) { _, _ in
            HTTPResponse(status: 401, headers: [:], body: FakeClaude.error(type: "authentication_error", message: "invalid x-api-key"))
        }
        let slow = RateLimits(requestsPerMinute: 6, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9)
        let runner = runner(transport, limits: slow, clock: clock)
        var options = ClassifyOptions()
        options.concurrency = 4
        let watchdog = clock.advanceWhenStuck()
        await #expect(throws: ClassificationRunError.self) { try await runner.run(options: options) }
        let ended = clock.now
        watchdog.cancel()
        #expect(transport.received.count == 1)
        #expect(ended.offset < .seconds(10), "the run waited for the limiter until \(ended.offset)")
    }

    /// Only server errors, ticket after ticket (an outage, or a server that is not the API: 501 for every
    /// POST), stop the run as no answer does.
    @Test func aRunStopsWhenTicketAfterTicketGetsOnlyServerErrors() async throws {
        try seed(40)
        let transport = FakeAnthropicTransport(clock: clock) { _, index in
            HTTPResponse(status: index % 2 == 0 ? 501 : 529, headers: [:], body: Data("Unsupported method".utf8))
        }
        var options = ClassifyOptions()
        options.concurrency = 2
        let error = await #expect(throws: ClassificationRunError.self) { try await runner(transport).run(options: options) }
        guard case .unreachable(let tickets, let last, true)? = error?.error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(tickets == UnansweredStreak.limit && last.hasPrefix("HTTP 5"), "\(last)")
        let tried = try await store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT ticket_id) FROM classification_calls")! }
        #expect(tried < 40, "\(tried) tickets tried")
    }

    /// An endpoint that answered and then went away (an outage mid-run) is given ten tickets, not three.
    @Test func anEndpointThatDiesMidRunIsGivenTenTickets() async throws {
        try seed(40)
        let transport = FakeAnthropicTransport(clock: clock) { _, index in
            guard index == 0 else { throw URLError(.cannotConnectToHost) }
            return HTTPResponse(status: 200, headers: [:], body: FakeClaude.answer(category: "billing", priority: "low"))
        }
        var options = ClassifyOptions()
        options.concurrency = 1
        let error = await #expect(throws: ClassificationRunError.self) { try await runner(transport).run(options: options) }
        guard case .unreachable(let tickets, _, true)? = error?.error else {
            Issue.record("expected unreachable after an answer, got \(String(describing: error))")
            return
        }
        #expect(tickets == UnansweredStreak.limit)
        #expect(error?.summary.labeled == 1)
        #expect(error?.description.contains("check ANTHROPIC_BASE_URL") == false)
    }

    /// An answer, even a refusal, is not a dead endpoint: every ticket is tried.
    @Test func answeredFailuresDoNotStopTheRun() async throws {
        try seed(24)
        let transport = FakeAnthropicTransport(clock: clock) { _, _ in
            HTTPResponse(status: 200, headers: [:], body: Data(#"{"content":[],"stop_reason":"refusal"}"#.utf8))
        }
        var options = ClassifyOptions()
        options.pageSize = 4
        let summary = try await runner(transport).run(options: options)
        #expect(summary.failed == 24)
    }

    @Test func everyCallIsRecordedWithTokensAndCostButNeverTheKey() async throws {
        try seed(3)
        let transport = FakeAnthropicTransport(clock: clock) { request, index in
            index == 0 ? HTTPResponse(status: 529, headers: [:], body: Data()) : FakeAnthropicTransport.correctAnswer(request)
        }
        var options = ClassifyOptions()
        options.concurrency = 1
        let summary = try await runner(transport).run(options: options)
        #expect(summary.requests == 4 && summary.retries == 1)
        #expect(summary.inputTokens == 2700 && summary.outputTokens == 120)
        #expect(summary.costUSD == 0.0033)
        let rows = try store.writer.read { try Row.fetchAll($0, sql: "SELECT * FROM classification_calls ORDER BY id") }
        #expect(rows.count == 4)
        #expect(rows.map { $0["http_status"] as Int? } == [529, 200, 200, 200])
        #expect(rows.allSatisfy { ($0["prompt_version"] as String) == ClassificationPrompt.version })
        let dump = try await store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT quote(classification_calls.rowid) || coalesce(error,'') || coalesce(raw_answer,'') || coalesce(request_id,'') FROM classification_calls")
        }.joined()
        #expect(!dump.contains("sk-secret-xyz"))
        #expect(!logs.entries.contains { "\($0.message)\($0.metadata)".contains("sk-secret-xyz") })
    }

    @Test func importedLabelsAreNeverReplaced() async throws {
        try TicketSeeder.seed(store, [Ticket(id: "I-1", title: "Refund", description: "charged", category: .general, priority: nil,
                                             createdAt: Date(timeIntervalSince1970: 1_800_000_000))])
        _ = try await runner(FakeAnthropicTransport(clock: clock)).run(options: ClassifyOptions())
        let stored = try labels()["I-1"]
        #expect(stored?.0 == "general" && stored?.2 == "imported")
        #expect(stored?.1 == "medium")
    }

    @Test func cancellationStopsSchedulingAndStoresWhatWasInFlight() async throws {
        try seed(50)
        let manual = ManualClock(autoAdvance: false)
        var configuration = AnthropicConfiguration(apiKey: "k")
        configuration.baseURL = URL(string: "http://127.0.0.1:9")!
        let transport = FakeAnthropicTransport(clock: manual, latency: .seconds(1))
        let classifier = AnthropicClassifier(
            configuration: configuration, transport: transport,
            limiter: RateLimiter(limits: RateLimits(requestsPerMinute: 6000, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9), clock: manual),
            clock: manual, seed: 1)
        let runner = ClassificationRunner(store: store, classifier: classifier, clock: FixedWallClock(), logger: logs.logger())
        var options = ClassifyOptions()
        options.concurrency = 6
        let task = Task { try await runner.run(options: options) }
        // Requests leave 10 ms apart (6,000 a minute): let four go; two more wait for the rate limiter.
        for _ in 0..<100_000 where transport.received.count < 4 || manual.sleeperCount < 6 {
            // Everyone asleep (in flight, or waiting for the limiter): the next request is due 10 ms later.
            if manual.sleeperCount == 6, transport.received.count < 4 { manual.advance(by: .milliseconds(10)) }
            await Task.yield()
        }
        #expect(transport.received.count == 4)
        task.cancel()
        // In-flight requests finish: let their one-second latency pass. The two waiting are never sent.
        manual.advance(by: .seconds(1))
        let summary = try await task.value
        #expect(summary.stoppedBecause == "interrupted")
        #expect(summary.labeled == 4)
        #expect(summary.failed == 0)
        #expect(transport.received.count == 4)
        #expect(try labels().values.filter { $0.0 != nil }.count == 4)
    }

    /// An import changes a ticket's text while its request is under way: the answer was for the old text, so it
    /// is recorded as a failure with its call and cost, not applied; the next run labels the new text.
    @Test func anAnswerToTextChangedMeanwhileIsNotApplied() async throws {
        try seed(3)
        let store = self.store
        let transport = FakeAnthropicTransport(clock: clock) { request, index in
            if String(decoding: request.body, as: UTF8.self).contains("Ticket 1") {
                try! await store.writer.write { db in
                    try db.execute(sql: "UPDATE tickets SET description = 'The printer is on fire' WHERE external_id = 'T-1'")
                }
            }
            return FakeAnthropicTransport.correctAnswer(request)
        }
        var options = ClassifyOptions()
        options.concurrency = 1
        let first = try await runner(transport).run(options: options)
        #expect(first.labeled == 2 && first.failed == 1 && first.requests == 3)
        #expect(try labels()["T-1"]?.0 == nil)
        let (error, cost) = try await store.writer.read { db in
            (
                try String.fetchOne(db, sql: "SELECT c.error FROM classification_calls c JOIN tickets t ON t.id = c.ticket_id WHERE t.external_id = 'T-1'"),
                try Double.fetchOne(db, sql: "SELECT SUM(cost_usd) FROM classification_calls")!
            )
        }
        #expect(error == RecordedAnswer.textChangedReason)
        #expect(cost > 0 && abs(cost - (first.costUSD ?? 0)) < 1e-9, "the call paid for is recorded")
        let second = try await runner(transport).run(options: options)
        #expect(second.candidates == 1 && second.labeled == 1)
        #expect(try labels()["T-1"]?.0 != nil)
    }

    /// A `taxonomy set` that drops a label while a run is under way: the answers naming it are recorded as
    /// failures with their calls and cost (nothing applied, no foreign-key error), and the run stops before
    /// paying for more, saying why; the tickets stay candidates for the next run.
    @Test func aTaxonomyChangedDuringTheRunStopsItAndKeepsWhatWasPaidFor() async throws {
        try seed(12)
        // The run's classifier was set up before `legacy` left the database's taxonomy.
        let runTaxonomy = Taxonomy(
            categories: Taxonomy.standard.categories + [TaxonomyLabel(name: "legacy", definition: "Old queue.")],
            priorities: Taxonomy.standard.priorities)
        let transport = FakeAnthropicTransport(clock: clock) { request, index in
            index < 3
                ? FakeAnthropicTransport.correctAnswer(request)
                : HTTPResponse(status: 200, headers: [:], body: FakeClaude.answer(category: "legacy", priority: "low"))
        }
        var configuration = AnthropicConfiguration(apiKey: "sk-secret-xyz")
        configuration.baseURL = URL(string: "http://127.0.0.1:9")!
        configuration.taxonomy = runTaxonomy
        let limits = RateLimits(requestsPerMinute: 6000, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9)
        let classifier = AnthropicClassifier(
            configuration: configuration, transport: transport, limiter: RateLimiter(limits: limits, clock: clock),
            clock: clock, seed: 1)
        let runner = ClassificationRunner(store: store, classifier: classifier, clock: FixedWallClock(), logger: logs.logger())
        var options = ClassifyOptions()
        options.concurrency = 1
        let error = await #expect(throws: ClassificationRunError.self) { try await runner.run(options: options) }
        #expect(error?.error == .taxonomyChanged)
        #expect(error?.summary.labeled == 3 && error?.summary.failed == 1)
        #expect(transport.received.count == 4, "no request after the run stopped")
        let (labeled, failedCalls, cost) = try await store.writer.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE category IS NOT NULL")!,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM classification_calls WHERE status = 'failed' AND error LIKE '%taxonomy%'")!,
                try Double.fetchOne(db, sql: "SELECT SUM(cost_usd) FROM classification_calls")!
            )
        }
        #expect(labeled == 3 && failedCalls == 1)
        #expect(cost > 0 && abs(cost - (error?.summary.costUSD ?? 0)) < 1e-9, "every paid call is recorded")
    }

    /// The local model trained under a label the database's taxonomy has since dropped: the page's answers
    /// naming it are recorded as failures, the others applied, and the run stops with its summary.
    @Test func theLocalModelStopsTooWhenTheTaxonomyChanged() async throws {
        let legacy = Category(rawValue: "legacy")!
        let runTaxonomy = Taxonomy(
            categories: Taxonomy.standard.categories.filter { $0.name != "billing" }
                + [TaxonomyLabel(name: "legacy", definition: "Old billing queue.")],
            priorities: Taxonomy.standard.priorities)
        let training = try LabeledFile.tickets(at: Fixtures.path("training.csv")).map { ticket in
            var ticket = ticket
            if ticket.category == .billing { ticket.category = legacy }
            return ticket
        }
        let model = try LocalClassifierModel.train(on: training, taxonomy: runTaxonomy, trainedAt: Date(timeIntervalSince1970: 0))
        try seed(4) { i in [("Refund now", "charged twice on my card"), ("App crash", "error on start, production down")][i % 2] }
        let runner = ClassificationRunner(
            store: store, classifier: LocalClassifier(trained: model, taxonomy: runTaxonomy), clock: FixedWallClock(),
            logger: logs.logger())
        let error = await #expect(throws: ClassificationRunError.self) { try await runner.run(options: ClassifyOptions()) }
        #expect(error?.error == .taxonomyChanged && error?.summary.stoppedBecause != nil)
        let stored = try labels()
        #expect(stored["T-0"]?.0 == nil && stored["T-2"]?.0 == nil, "the refunds stay candidates")
        #expect(stored["T-1"]?.0 == "technical" && stored["T-3"]?.0 == "technical")
        #expect(error?.summary.labeled == 2 && error?.summary.failed == 2)
    }
}
