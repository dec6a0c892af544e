import Foundation
import Synchronization
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketReporting
@testable import TicketClassification
@testable import TicketEvaluation

@Suite struct EvaluatorTests {
    /// An evaluator of the fixtures by Claude, through `transport`, its waits on `clock`.
    func anthropicEvaluator(_ transport: FakeAnthropicTransport, clock: ManualClock) throws -> Evaluator {
        var evaluator = Evaluator(store: try TicketStore(), fixtures: Fixtures.path("evaluation.csv"), logger: LogRecorder().logger())
        evaluator.sleepClock = clock
        evaluator.provider = .anthropic
        evaluator.environment = ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"]
        evaluator.transport = transport
        return evaluator
    }

    /// Progress is told after each answer, from the cached answers on, up to every ticket scored.
    @Test func progressCountsEveryTicketAndTheRequestsSent() async throws {
        let clock = ManualClock()
        let transport = FakeAnthropicTransport(clock: clock)
        let seen = Mutex<[EvaluationProgress]>([])
        var evaluator = try anthropicEvaluator(transport, clock: clock)
        evaluator.limit = 8
        evaluator.limits = RateLimits(requestsPerMinute: 100_000, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9)
        evaluator.progress = { progress in seen.withLock { $0.append(progress) } }
        let report = try await evaluator.run()
        let first = seen.withLock { $0 }
        #expect(first.map(\.done) == Array(0...8))
        #expect(first.allSatisfy { $0.tickets == 8 && $0.model == "claude-haiku-4-5" })
        #expect(first.last?.requests == report.cost.requests && report.cost.requests == transport.received.count)
        // A rerun answers from the cache: it starts, and ends, with every ticket done.
        seen.withLock { $0 = [] }
        _ = try await evaluator.run()
        #expect(seen.withLock { $0 } == [EvaluationProgress(model: "claude-haiku-4-5", tickets: 8, done: 8, requests: 0)])
    }

    @Test func anthropicAnswersAreCachedSoARerunCostsNothing() async throws {
        let store = try TicketStore()
        let clock = ManualClock()
        let transport = FakeAnthropicTransport(clock: clock)
        var evaluator = Evaluator(store: store, fixtures: Fixtures.path("evaluation.csv"), logger: LogRecorder().logger())
        evaluator.provider = .anthropic
        evaluator.limit = 12
        evaluator.environment = ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"]
        evaluator.transport = transport
        evaluator.limits = RateLimits(requestsPerMinute: 100_000, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9)
        let first = try await evaluator.run()
        #expect(first.n == 12)
        #expect(first.cost.requests == transport.received.count)
        #expect(first.cost.cachedAnswers == 0)
        let sent = transport.received.count
        let second = try await evaluator.run()
        #expect(transport.received.count == sent)
        #expect(second.cost.requests == 0 && second.cost.cachedAnswers == 12 - (12 - sent))
        #expect(second.category == first.category)
        #expect(first.provider == "anthropic" && first.model == "claude-haiku-4-5")
    }

    /// A ticket the model will not label (it refuses, twice) is a failure of the evaluation, and one a rerun
    /// keeps without asking again: it paid for the same refusal every time.
    @Test func aTicketTheModelWillNotLabelIsPaidForOnce() async throws {
        let clock = ManualClock()
        let refusal = HTTPResponse(status: 200, headers: [:], body: Data(#"{"content":[],"stop_reason":"refusal"}"#.utf8))
        let transport = FakeAnthropicTransport(clock: clock) { request, _ in
            (FakeClaude.ticket(in: request.body)?.title.utf8.count ?? 0) % 3 == 0 ? refusal : FakeAnthropicTransport.correctAnswer(request)
        }
        var evaluator = try anthropicEvaluator(transport, clock: clock)
        evaluator.limit = 12
        evaluator.limits = RateLimits(requestsPerMinute: 100_000, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9)
        let first = try await evaluator.run()
        let refused = transport.received.count - 12
        #expect(refused > 0 && refused < 12)
        #expect(try #require(first.category.endToEndAccuracy) < first.category.accuracy)
        let second = try await evaluator.run()
        #expect(transport.received.count == 12 + refused)
        #expect(second.cost.requests == 0 && second.cost.cachedAnswers == 12)
        #expect(second.category == first.category && second.priority == first.priority)
    }

    /// A confused pair's example tickets show their titles cut: a title of megabytes made the report as long.
    @Test func aConfusedExamplesLongTitleIsCut() async throws {
        let directory = try TemporaryDirectory()
        let long = "Login loop " + String(repeating: "x", count: 500_000)
        let fixtures = try directory.write("long.csv", """
            id,title,description,category,priority,created_at
            L-1,\(long),Cannot sign in,technical,high,2026-11-01T09:00:00Z
            L-2,Crash,The app crashes,technical,high,2026-11-01T09:00:00Z

            """)
        let clock = ManualClock()
        var evaluator = try anthropicEvaluator(FakeAnthropicTransport(clock: clock), clock: clock)
        evaluator.fixtures = fixtures
        evaluator.limits = RateLimits(requestsPerMinute: 100_000, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9)
        let report = try await evaluator.run()
        let examples = try #require(report.mostConfused["category"]?.first?.examples)  // the fake says billing
        let titles = examples.compactMap { $0["title"] }
        #expect(titles.contains(String(long.prefix(EvaluationReport.exampleTitleCharacters)) + "…"), "\(titles.map(\.count))")
    }

    /// A dead endpoint stops the evaluation once three fixtures in a row got no answer through their retries
    /// (nothing having answered), instead of waiting out every fixture's.
    @Test func anEndpointThatNeverAnswersStopsTheEvaluation() async throws {
        let clock = ManualClock()
        let transport = FakeAnthropicTransport(clock: clock) { _, _ in throw URLError(.cannotConnectToHost) }
        var evaluator = try anthropicEvaluator(transport, clock: clock)
        evaluator.concurrency = 2
        let error = await #expect(throws: ClassificationError.self) { try await evaluator.run() }
        guard case .unreachable(let tickets, _, false)? = error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(tickets == UnansweredStreak.limitBeforeAnyAnswer)
        let tried = Set(transport.received.map(\.request.body)).count
        #expect(tried >= UnansweredStreak.limitBeforeAnyAnswer && tried < 10, "\(tried) fixtures tried")
    }

    /// A refused key stops the evaluation at its first answer: the fixtures waiting for the rate limiter are
    /// not sent (on a clock that moves only when told; a watchdog moves it on if they are waited for).
    @Test func aRefusedKeyStopsTheEvaluationWithoutSendingTheRest() async throws {
        let clock = ManualClock(autoAdvance: false)
        let transport = FakeAnthropicTransport(clock: clock, latency: .zero) { _, _ in
            HTTPResponse(status: 401, headers: [:], body: FakeClaude.error(type: "authentication_error", message: "invalid x-api-key"))
        }
        var evaluator = try anthropicEvaluator(transport, clock: clock)
        evaluator.concurrency = 4
        evaluator.limits = RateLimits(requestsPerMinute: 6, inputTokensPerMinute: 1e9, outputTokensPerMinute: 1e9)
        let watchdog = clock.advanceWhenStuck()
        await #expect(throws: ClassificationError.self) { try await evaluator.run() }
        let ended = clock.now
        watchdog.cancel()
        #expect(transport.received.count == 1)
        #expect(ended.offset < .seconds(10), "the evaluation waited for the limiter until \(ended.offset)")
    }

    @Test func splitNeverScoresATrainingTicketAndReportsEveryKey() async throws {
        let store = try TicketStore()
        var evaluator = Evaluator(store: store, fixtures: Fixtures.path("evaluation.csv"), logger: LogRecorder().logger())
        evaluator.split = 0.75
        evaluator.seed = 9
        let report = try await evaluator.run()
        #expect(report.n == 80)  // a quarter of 320
        #expect((report.trainingSize ?? 0) > 0)
        let json = try #require(try JSONSerialization.jsonObject(with: try JSONReportRenderer.render(report)) as? [String: Any])
        for key in ["category", "priority", "cost", "latency", "provider", "model", "n"] { #expect(json[key] != nil, "\(key)") }
        let category = try #require(json["category"] as? [String: Any])
        for key in ["accuracy", "macro_f1", "weighted_f1", "kappa", "per_class", "confusion", "failures"] {
            #expect(category[key] != nil, "\(key)")
        }
        let html = try EvaluationHTMLRenderer().render(report)
        #expect(html.contains("Confusion matrix"))
        #expect(!html.contains("<script"))
    }

    @Test func baselineDeltasCompareWithAnEarlierReport() async throws {
        let directory = try TemporaryDirectory()
        var evaluator = Evaluator(store: try TicketStore(), fixtures: Fixtures.path("evaluation.csv"), logger: LogRecorder().logger())
        evaluator.trainingFile = Fixtures.path("training.csv")
        let first = try await evaluator.run()
        let baseline = try directory.write("baseline.json", try JSONReportRenderer.render(first))
        evaluator.baseline = baseline
        let second = try await evaluator.run()
        #expect(second.baselineDelta?["category"]?["macro_f1"] == 0)
    }

    /// Evaluations written the same second take the next free name; a name whose HTML alone exists (a file a
    /// person left) is skipped, that file untouched, and no JSON is left under it.
    @Test func evaluationsNeverOverwriteAFile() async throws {
        let directory = try TemporaryDirectory()
        var evaluator = Evaluator(store: try TicketStore(), fixtures: Fixtures.path("evaluation.csv"), logger: LogRecorder().logger())
        evaluator.trainingFile = Fixtures.path("training.csv")
        let report = try await evaluator.run()
        let base = "evaluation-local-\(EvaluationJob.stamp(report.generatedAt))"
        _ = try directory.write("\(base)-2.html", "kept")
        let first = try EvaluationJob.write([report], to: directory.url.path)
        let second = try EvaluationJob.write([report], to: directory.url.path)
        #expect(first.map { URL(fileURLWithPath: $0).lastPathComponent } == ["\(base).html", "\(base).json"])
        #expect(second.map { URL(fileURLWithPath: $0).lastPathComponent } == ["\(base)-3.html", "\(base)-3.json"])
        #expect(try directory.read("\(base)-2.html") == "kept")
        #expect(!FileManager.default.fileExists(atPath: directory.path("\(base)-2.json")))
    }
}
