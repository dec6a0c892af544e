import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport

/// Runs a classification over the store's candidates: at most `concurrency` requests in flight in a
/// TaskGroup whose children return outcomes; this parent is the only database writer and commits each
/// result as it arrives, so an interruption loses at most the requests in flight.
public struct ClassificationRunner: Sendable {
    public let store: TicketStore
    public let classifier: any TicketClassifier
    public let clock: any WallClock
    public let logger: Logger

    public init(store: TicketStore, classifier: any TicketClassifier, clock: any WallClock = SystemWallClock(), logger: Logger) {
        self.store = store
        self.classifier = classifier
        self.clock = clock
        self.logger = logger
    }

    /// Classifies the candidates. Cancelling the calling task stops scheduling new requests; those in
    /// flight finish and are stored, and the summary says the run was interrupted.
    public func run(options: ClassifyOptions, progress: (@Sendable (ClassifySummary) -> Void)? = nil) async throws -> ClassifySummary {
        let started = Date()
        var summary = ClassifySummary(provider: classifier.provider, model: classifier.model)
        let total = try store.countClassificationCandidates(
            since: options.since, until: options.until, relabel: options.relabel, includeManual: options.includeManual)
        summary.candidates = min(total, options.limit ?? total)
        logger.info("classification started", metadata: [
            "provider": "\(classifier.provider)", "model": "\(classifier.model)", "candidates": "\(summary.candidates)",
        ])
        // Pages keep memory flat however large the backlog; the cursor only moves forward, so a ticket that
        // failed is not retried within the same run.
        var cursor: TicketStore.CandidateCursor?
        var remaining = summary.candidates
        // Tickets in a row that got no answer, or only server errors, through their retries, across pages.
        var unanswered = UnansweredStreak()
        while remaining > 0, !Task.isCancelled, summary.stoppedBecause == nil {
            let page = try store.classificationCandidates(
                since: options.since, until: options.until, relabel: options.relabel,
                includeManual: options.includeManual, after: cursor,
                limit: min(remaining, options.pageSize))
            guard !page.requests.isEmpty else { break }
            cursor = page.next
            remaining -= page.requests.count
            let pending = try reuseEarlierAnswers(page.requests, options: options, summary: &summary)
            do {
                if let local = classifier as? LocalClassifier {
                    try runLocally(local, pending, options: options, summary: &summary, progress: progress)
                } else {
                    try await runConcurrently(pending, options: options, summary: &summary, unanswered: &unanswered, progress: progress)
                }
            } catch var stopped as ClassificationRunError {
                // A run that stops says how long it ran, as a finished one does.
                stopped.summary.elapsedSeconds = Self.seconds(since: started)
                throw stopped
            }
        }
        if Task.isCancelled { summary.stoppedBecause = "interrupted" }
        summary.elapsedSeconds = Self.seconds(since: started)
        summary.requestsPerMinute = summary.elapsedSeconds > 0
            ? (Double(summary.requests) / summary.elapsedSeconds * 60 * 10).rounded() / 10 : 0
        if let cost = summary.costUSD { summary.costUSD = (cost * 1_000_000).rounded() / 1_000_000 }
        summary.effectiveRequestsPerMinute = await classifier.effectiveRequestsPerMinute.map { ($0 * 10).rounded() / 10 }
        logger.info("classification finished", metadata: [
            "labeled": "\(summary.labeled)", "failed": "\(summary.failed)", "skipped": "\(summary.skipped)",
        ])
        return summary
    }

    /// Milliseconds rounded, in seconds.
    private static func seconds(since start: Date) -> Double { (Date().timeIntervalSince(start) * 1000).rounded() / 1000 }

    /// Labels tickets whose identical text this model and prompt answered before (paying nothing);
    /// returns the others.
    private func reuseEarlierAnswers(
        _ candidates: [ClassificationRequest], options: ClassifyOptions, summary: inout ClassifySummary
    ) throws -> [ClassificationRequest] {
        let (pending, reused) = try store.transaction { transaction in
            var pending: [ClassificationRequest] = []
            var reused: [(ClassificationOutcome, queued: Bool)] = []
            for request in candidates {
                if let (label, queued) = try transaction.reuseEarlierAnswer(
                    for: request, by: classifier.identity, relabel: options.relabel, at: clock.now(),
                    minConfidence: options.minConfidence, includeManual: options.includeManual)
                {
                    reused.append(
                        (ClassificationOutcome(
                            request: request, result: .labeled(label), calls: [CallRecord(attempt: 1, costUSD: 0)]), queued))
                } else {
                    pending.append(request)
                }
            }
            return (pending, reused)
        }
        for (outcome, queued) in reused { summary.add(outcome, reused: true, queued: queued) }
        return pending
    }

    /// The local model needs no concurrency or network: label a page in the calling thread, commit it at once.
    private func runLocally(
        _ local: LocalClassifier, _ pending: [ClassificationRequest], options: ClassifyOptions,
        summary: inout ClassifySummary, progress: (@Sendable (ClassifySummary) -> Void)?
    ) throws {
        let saved = try save(pending.map(local.label), options: options)
        for entry in saved {
            summary.add(entry.outcome, reused: false, queued: entry.recorded == .queued, setAside: entry.recorded == .setAside)
        }
        progress?(summary)
        if saved.contains(where: { $0.recorded == .outsideTaxonomy }) {
            summary.stoppedBecause = ClassificationError.taxonomyChanged.description
            throw ClassificationRunError(summary: summary, error: .taxonomyChanged)
        }
    }

    /// Stores outcomes synchronously: GRDB's async write would refuse to run once the task is cancelled,
    /// and what was paid for must be kept then most of all. An answer whose labels the database's taxonomy no
    /// longer has (changed by `taxonomy set` during the run) is stored as a failure, its calls and cost kept.
    /// Returns each outcome as stored, and what the store made of it (applied, queued for review, set aside,
    /// outside the taxonomy…).
    private func save(
        _ outcomes: [ClassificationOutcome], options: ClassifyOptions
    ) throws -> [(outcome: ClassificationOutcome, recorded: RecordedAnswer)] {
        try store.transaction { transaction in
            try outcomes.map { outcome in
                var outcome = outcome
                let recorded = try transaction.record(
                    outcome.request, result: outcome.result, calls: outcome.calls, by: classifier.identity,
                    reused: false, relabel: options.relabel, at: clock.now(), minConfidence: options.minConfidence,
                    includeManual: options.includeManual)
                // Counted as what the store made of it: a failure.
                if recorded == .outsideTaxonomy, case .labeled(let label) = outcome.result {
                    outcome.result = .failed(reason: RecordedAnswer.outsideTaxonomyReason(label))
                } else if recorded == .textChanged {
                    outcome.result = .failed(reason: RecordedAnswer.textChangedReason)
                }
                return (outcome, recorded)
            }
        }
    }

    private func runConcurrently(
        _ pending: [ClassificationRequest], options: ClassifyOptions, summary: inout ClassifySummary,
        unanswered: inout UnansweredStreak, progress: (@Sendable (ClassifySummary) -> Void)?
    ) async throws {
        let classifier = self.classifier
        var fatal: ClassificationError?
        // On SIGINT, or an answer that stops the run (a key refused, a 404), a request already under way finishes
        // and is stored instead of being thrown away after it was paid for; one still waiting for the rate
        // limiter (or a retry) is not sent, and not waited for.
        await BoundedTaskGroup.run(pending, limit: options.concurrency, cancelOnStop: true, work: { request in
            await SendingGate().run { await classifier.classify(request) }
        }) { outcome in
            // Stopped before its request was sent: nothing to store or count, it stays a candidate.
            if outcome.calls.isEmpty, case .failed = outcome.result { return fatal == nil }
            var outcome = outcome
            var queued = false
            var setAside = false
            do {
                let saved = try save([outcome], options: options)[0]
                (outcome, queued, setAside) = (saved.outcome, saved.recorded == .queued, saved.recorded == .setAside)
                if saved.recorded == .outsideTaxonomy, outcome.fatal == nil { outcome.fatal = .taxonomyChanged }
            } catch {
                logger.error("could not store a classification", metadata: ["ticket": "\(outcome.request.externalID)", "error": "\(error)"])
                if outcome.fatal == nil { outcome.fatal = .storeFailed("\(error)") }
            }
            if outcome.fatal == nil || outcome.fatal == .taxonomyChanged {
                summary.add(outcome, reused: false, queued: queued, setAside: setAside)
            } else {
                summary.addCalls(outcome.calls)
            }
            if let error = outcome.fatal, fatal == nil {
                fatal = error
                logger.error("classification stops", metadata: ["reason": "\(error)"])
            }
            if case .failed(let reason) = outcome.result, outcome.fatal == nil {
                logger.warning(
                    setAside ? "ticket not labeled, set aside for a person: no usable answer, twice" : "ticket not labeled",
                    metadata: ["ticket": "\(outcome.request.externalID)", "reason": "\(reason)"])
            }
            if let unreachable = unanswered.record(outcome), fatal == nil {
                fatal = unreachable
                logger.error("classification stops", metadata: ["reason": "\(unreachable)"])
            }
            progress?(summary)
            return fatal == nil
        }
        if let fatal {
            summary.stoppedBecause = fatal.description
            throw ClassificationRunError(summary: summary, error: fatal)
        }
    }
}
