import Foundation
import Logging
import Synchronization
import TicketModel
import TicketDatabase
import TicketImport

/// Classifies through the Message Batches API at half the price: reconciles submissions a crash left
/// unrecorded, collects batches that have ended, submits the remaining candidates, and — when asked —
/// waits for them. Prompt, validation and bookkeeping are the synchronous path's.
///
/// A batch and its tickets are recorded before it is submitted and its API id right after, so a run that
/// dies in between leaves a `submitting` batch that the next run finds in the API's list instead of
/// submitting it again. Results are joined on `custom_id` (they come in any order) and stored in chunks,
/// each in one transaction with its requests' states, so a collection cut short resumes where it stopped.
public final class BatchRunner<C: Clock>: Sendable where C.Duration == Duration {
    public let store: TicketStore
    public let configuration: AnthropicConfiguration
    public let client: MessageBatchClient<C>
    public let options: BatchOptions
    public let clock: C
    public let wallClock: any WallClock
    public let logger: Logger
    private let random: Mutex<SeededGenerator>
    /// Results stored per transaction.
    static var chunkSize: Int { 500 }

    public init(
        store: TicketStore, configuration: AnthropicConfiguration, transport: any HTTPTransport,
        options: BatchOptions = BatchOptions(),
        clock: C, wallClock: any WallClock = SystemWallClock(), logger: Logger,
        seed: UInt64 = UInt64.random(in: 0...UInt64.max)
    ) {
        self.store = store
        self.configuration = configuration
        client = MessageBatchClient(
            configuration: configuration, transport: transport, clock: clock, seed: seed,
            onLongWait: { [logger] seconds, problem in
                // As a synchronous run says its long pauses: cron's log would show nothing for up to an hour.
                logger.notice(
                    "batch request waiting to retry", metadata: ["seconds": "\(Int(seconds.rounded()))", "after": "\(problem)"])
            })
        self.options = options
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        random = Mutex(SeededGenerator(seed: seed ^ 0x5EED))
    }

    var model: String { configuration.model }
    var promptVersion: String { ClassificationPrompt.version(for: configuration.taxonomy) }
    var pricing: ModelPricing? { ModelPricing.forModel(configuration.model) }

    /// The whole `classify --batch` run. `exclusively` gives the database's classification lock (waiting for
    /// it): held while tickets are settled and submitted, not while waiting for batches to end, so that a long
    /// `--wait` keeps no other classification from running.
    public func run(
        classify classifyOptions: ClassifyOptions, exclusively: (() async throws -> ProcessLock?)? = nil,
        progress: (@Sendable (BatchSummary) -> Void)? = nil
    ) async throws -> BatchSummary {
        let started = Date()
        var summary = BatchSummary(model: model)
        let lock = try await exclusively?()
        defer { lock?.release() }
        try await reconcile(summary: &summary)
        try await collectEnded(summary: &summary)
        if !Task.isCancelled {
            try await submit(classifyOptions, summary: &summary, progress: progress)
        }
        lock?.release()
        if options.wait, !Task.isCancelled {
            try await waitAndCollect(summary: &summary, progress: progress)
        }
        return try finish(&summary, started: started)
    }

    /// Collects the given batch, or every batch that has ended; waits for them first with `wait`.
    public func collect(_ identifier: String?, wait: Bool) async throws -> BatchSummary {
        let started = Date()
        var summary = BatchSummary(model: model)
        try await reconcile(summary: &summary)
        if let identifier {
            guard let record = try store.batch(identifier) else { throw MessageBatchError.unknownBatch(identifier) }
            guard record.status != .collected else { return try finish(&summary, started: started) }
            guard record.status.isPending, let remoteID = record.remoteID else {
                throw MessageBatchError.unknownBatch("\(identifier) (\(record.status.rawValue): nothing to collect)")
            }
            var interval = options.pollInterval
            while true {
                let remote = try await client.retrieve(remoteID)
                try store.updateBatch(record.id, remote: remote)
                if remote.processingStatus == .ended {
                    try await collect(record, remote: remote, summary: &summary)
                    break
                }
                guard wait else { throw MessageBatchError.notEnded(identifier) }
                try await clock.sleep(for: interval)
                interval = min(interval * 2, options.maximumPollInterval)
            }
        } else if wait {
            try await waitAndCollect(summary: &summary, progress: nil)
        } else {
            try await collectEnded(summary: &summary)
        }
        return try finish(&summary, started: started)
    }

    /// Asks the API for a batch's state and records it.
    public func status(_ identifier: String) async throws -> (record: BatchRecord, remote: MessageBatch?) {
        guard let record = try store.batch(identifier) else { throw MessageBatchError.unknownBatch(identifier) }
        guard let remoteID = record.remoteID, record.status.isPending else { return (record, nil) }
        let remote = try await client.retrieve(remoteID)
        try store.updateBatch(record.id, remote: remote)
        return (try store.batch(id: record.id) ?? record, remote)
    }

    /// Cancels a batch at the API; what it had not processed comes back as `canceled` when it is collected.
    public func cancel(_ identifier: String) async throws -> MessageBatch {
        guard let record = try store.batch(identifier) else { throw MessageBatchError.unknownBatch(identifier) }
        guard let remoteID = record.remoteID, record.status.isPending else {
            throw MessageBatchError.alreadyEnded(identifier, status: record.status.rawValue)
        }
        let remote = try await client.cancel(remoteID)
        try store.updateBatch(record.id, remote: remote)
        logger.info("batch cancel requested", metadata: ["batch": "\(record.key)", "remote_id": "\(remoteID)"])
        return remote
    }

    private func finish(_ summary: inout BatchSummary, started: Date) throws -> BatchSummary {
        let pending = try store.batches(in: BatchStatus.allCases.filter(\.isPending))
        summary.batchesPending = pending.count
        summary.ticketsPending = try store.pendingBatchTicketCount()
        if Task.isCancelled, summary.stoppedBecause == nil { summary.stoppedBecause = "interrupted" }
        summary.costUSD = summary.costUSD.map { ($0 * 1_000_000).rounded() / 1_000_000 }
        summary.synchronousCostUSD = summary.synchronousCostUSD.map { ($0 * 1_000_000).rounded() / 1_000_000 }
        summary.elapsedSeconds = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
        return summary
    }

    // MARK: Reconciling lost submissions

    /// Finds, for every batch recorded as `submitting` by a process that is gone, the API's batch it became
    /// (created in the window, with as many requests, claimed by no other batch of ours); one that is not
    /// there never reached the API and its tickets are candidates again.
    func reconcile(summary: inout BatchSummary, including own: Int64? = nil) async throws {
        let now = wallClock.now()
        let stuck = try store.batches(in: [.submitting]).filter { record in
            record.id == own || !ProcessLiveness.isOtherProcessRunning(pid: record.pid) || now.timeIntervalSince(record.submittedAt) > 3600
        }
        guard let earliest = stuck.map(\.submittedAt).min() else { return }
        let listed = try await client.list(createdSince: earliest.addingTimeInterval(-options.reconcileWindow))
            .sorted { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
        var claimed = try store.claimedRemoteIDs()
        for record in stuck {
            let match = listed.first { remote in
                !claimed.contains(remote.id) && remote.requestCounts.total == record.requests
                    && (remote.createdAt ?? .distantFuture)
                        >= record.submittedAt.addingTimeInterval(-options.reconcileWindow)
            }
            if let match {
                claimed.insert(match.id)
                try store.updateBatch(record.id, remote: match)
                summary.reconciled += 1
                logger.notice(
                    "batch reconciled after an interrupted submission",
                    metadata: ["batch": "\(record.key)", "remote_id": "\(match.id)"])
            } else {
                try store.releaseBatch(
                    record.id, status: .abandoned, error: "not at the API after an interrupted submission")
                summary.abandoned += 1
                logger.warning(
                    "batch never reached the API; its tickets are candidates again",
                    metadata: ["batch": "\(record.key)"])
            }
        }
    }

    // MARK: Submitting

    /// A key no batch of this database has.
    private func newKey() throws -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        while true {
            let suffix = random.withLock { generator in
                String((0..<10).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            }
            if try store.batch("tj" + suffix) == nil { return "tj" + suffix }
        }
    }

    private func newBuilder() throws -> BatchBuilder {
        try BatchBuilder(
            key: try newKey(), maximumRequests: min(max(1, options.batchSize), BatchOptions.maximumRequests),
            maximumBytes: min(options.maximumBytes, BatchOptions.maximumBytesAllowed))
    }

    /// Builds batches from the candidates, page by page, and submits each as it fills.
    func submit(
        _ classifyOptions: ClassifyOptions, summary: inout BatchSummary, progress: (@Sendable (BatchSummary) -> Void)?
    ) async throws {
        let total = try store.countClassificationCandidates(
            since: classifyOptions.since, until: classifyOptions.until, relabel: classifyOptions.relabel,
            includeManual: classifyOptions.includeManual)
        summary.candidates = min(total, classifyOptions.limit ?? total)
        var remaining = summary.candidates
        var cursor: TicketStore.CandidateCursor?
        let encoder = MessageParametersEncoder(configuration)
        var builder = try newBuilder()
        // The batch being built when the loop ends unsent (cancelled, or an error) leaves no file behind.
        defer { builder.discard() }
        while remaining > 0, !Task.isCancelled {
            let page = try store.classificationCandidates(
                since: classifyOptions.since, until: classifyOptions.until, relabel: classifyOptions.relabel,
                includeManual: classifyOptions.includeManual, after: cursor,
                limit: min(remaining, classifyOptions.pageSize))
            guard !page.requests.isEmpty else { break }
            cursor = page.next
            remaining -= page.requests.count
            for request in try settleWithoutSending(page.requests, options: classifyOptions, summary: &summary)
            {
                if builder.addDuplicate(request) { continue }
                let parameters = encoder.encode(title: request.title, description: request.description)
                var item = builder.item(for: request, parameters: parameters)
                if !builder.fits(item), !builder.isEmpty {
                    try await send(&builder, options: classifyOptions, summary: &summary)
                    progress?(summary)
                    builder = try newBuilder()
                    // The custom id carries the batch's key.
                    item = builder.item(for: request, parameters: parameters)
                }
                guard builder.fits(item) else {
                    logger.warning(
                        "ticket too large for a batch; left for a synchronous run",
                        metadata: ["ticket": "\(request.externalID)"])
                    continue
                }
                try builder.add(request, item: item)
            }
        }
        if !builder.isEmpty, !Task.isCancelled {
            try await send(&builder, options: classifyOptions, summary: &summary)
            progress?(summary)
        }
    }

    /// Labels what an earlier answer for identical text covers, and attaches tickets whose identical text
    /// waits in a submitted batch already; returns the tickets that need a request.
    private func settleWithoutSending(_ requests: [ClassificationRequest], options: ClassifyOptions, summary: inout BatchSummary)
        throws -> [ClassificationRequest]
    {
        let model = self.model
        let promptVersion = self.promptVersion
        let now = wallClock.now()
        let identity = ClassifierIdentity(provider: "anthropic", model: model, promptVersion: promptVersion)
        let (pending, reused, queued) = try store.transaction { transaction -> ([ClassificationRequest], Int, Int) in
            var pending: [ClassificationRequest] = []
            var reused = 0
            var queued = 0
            for request in requests {
                if let reuse = try transaction.reuseEarlierAnswer(
                    for: request, by: identity, relabel: options.relabel, at: now, minConfidence: options.minConfidence,
                    includeManual: options.includeManual)
                {
                    reused += 1
                    queued += reuse.queued ? 1 : 0
                } else if let waiting = try transaction.pendingRequest(
                    textHash: request.textHash, model: model, promptVersion: promptVersion)
                {
                    try transaction.attach(
                        ticketID: request.ticketID, textHash: request.textHash, toBatch: waiting.batchID,
                        customID: waiting.customID)
                } else {
                    pending.append(request)
                }
            }
            return (pending, reused, queued)
        }
        summary.reused += reused
        summary.queuedForReview += queued
        return pending
    }

    /// Records the batch, submits it, and records the API's id. The request is not cancelled by SIGINT:
    /// once sent, its answer must be recorded.
    private func send(_ builder: inout BatchBuilder, options: ClassifyOptions, summary: inout BatchSummary) async throws {
        let bytes = builder.byteCount
        let document = try builder.finish()
        defer { builder.discard() }
        let id = try store.insertSubmittingBatch(
            key: builder.key, model: model, promptVersion: promptVersion, relabel: options.relabel,
            minConfidence: options.minConfidence, includeManual: options.includeManual, entries: builder.entries,
            requests: builder.requestCount, bytes: bytes, at: wallClock.now())
        let client = self.client
        do {
            let remote = try await Task { try await client.create(bodyFile: document) }.value
            try store.updateBatch(id, remote: remote)
            logger.info(
                "batch submitted",
                metadata: [
                    "batch": "\(builder.key)", "remote_id": "\(remote.id)", "requests": "\(builder.requestCount)",
                    "bytes": "\(bytes)",
                ])
        } catch MessageBatchError.unknownOutcome(let detail) {
            logger.warning(
                "batch submission outcome unknown; reconciling",
                metadata: ["batch": "\(builder.key)", "detail": "\(detail)"])
            var reconciliation = BatchSummary(model: model)
            try await reconcile(summary: &reconciliation, including: id)
            guard reconciliation.reconciled > 0 else { throw MessageBatchError.unknownOutcome(detail) }
        } catch {
            // Refused (4xx, a spent account, 429s past the last attempt): nothing was created.
            try store.releaseBatch(id, status: .failed, error: "\(error)")
            throw error
        }
        summary.batchesSubmitted += 1
        summary.submitted += builder.requestCount
        summary.submittedTickets += builder.entries.count
    }

    // MARK: Collecting

    /// Refreshes every pending batch and collects those that have ended; returns how many are still running.
    @discardableResult
    func collectEnded(summary: inout BatchSummary) async throws -> Int {
        var stillRunning = 0
        for record in try store.batches(in: [.inProgress, .canceling, .ended]) {
            guard let remoteID = record.remoteID else { continue }
            let remote: MessageBatch
            do {
                remote = try await client.retrieve(remoteID)
            } catch MessageBatchError.notFound {
                try store.releaseBatch(record.id, status: .failed, error: "the API no longer has this batch")
                logger.warning(
                    "batch gone from the API; its tickets are candidates again", metadata: ["batch": "\(record.key)"])
                continue
            }
            try store.updateBatch(record.id, remote: remote)
            if remote.processingStatus == .ended {
                try await collect(record, remote: remote, summary: &summary)
            } else {
                stillRunning += 1
            }
        }
        return stillRunning
    }

    /// Polls with backoff until no batch is pending, collecting each as it ends. Cancelling stops waiting;
    /// the batches go on at the API and a later run collects them.
    func waitAndCollect(summary: inout BatchSummary, progress: (@Sendable (BatchSummary) -> Void)?) async throws {
        var interval = options.pollInterval
        while try await collectEnded(summary: &summary) > 0 {
            progress?(summary)
            do {
                try await clock.sleep(for: interval)
            } catch {
                return
            }
            interval = min(interval * 2, options.maximumPollInterval)
        }
    }

    /// Streams an ended batch's results into the store.
    func collect(_ record: BatchRecord, remote: MessageBatch, summary: inout BatchSummary) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ticketjobs-\(record.key)-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try await client.downloadResults(of: remote, to: file)
        } catch MessageBatchError.notFound {
            try store.releaseBatch(record.id, status: .failed, error: "the batch's results are no longer available")
            logger.warning("batch results gone; its tickets are candidates again", metadata: ["batch": "\(record.key)"])
            return
        }
        let reader = try JSONLinesReader(url: file)
        var chunk: [BatchResult] = []
        var lineNumber = 0
        while let line = try reader.next() {
            lineNumber += 1
            if line.isEmpty { continue }
            guard let result = BatchResult(line: line, taxonomy: configuration.taxonomy) else {
                logger.warning(
                    "unreadable line in batch results", metadata: ["batch": "\(record.key)", "line": "\(lineNumber)"])
                continue
            }
            chunk.append(result)
            if chunk.count >= Self.chunkSize {
                try storeResults(chunk, of: record, summary: &summary)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try storeResults(chunk, of: record, summary: &summary)
        // Requests the results did not mention go back to the candidates.
        let missing = try store.pendingCustomIDs(batchID: record.id).map { BatchResult(customID: $0, kind: .missing) }
        for part in stride(from: 0, to: missing.count, by: Self.chunkSize) {
            try storeResults(
                Array(missing[part..<min(part + Self.chunkSize, missing.count)]), of: record, summary: &summary)
        }
        try store.finishCollecting(record.id, at: wallClock.now(), syncPricing: pricing)
        summary.batchesCollected += 1
        logger.info(
            "batch collected",
            metadata: ["batch": "\(record.key)", "remote_id": "\(remote.id)", "results": "\(lineNumber)"])
    }

    /// Stores a chunk of results in one transaction: calls, labels, request states and tallies together.
    private func storeResults(_ results: [BatchResult], of record: BatchRecord, summary: inout BatchSummary) throws {
        guard !results.isEmpty else { return }
        let batchPricing = pricing?.batch
        let syncPricing = pricing
        let now = wallClock.now()
        let remoteID = record.remoteID ?? record.key
        let identity = ClassifierIdentity(
            provider: "anthropic", model: record.model, promptVersion: record.promptVersion)
        let chunkSummary = try store.transaction { transaction -> BatchSummary in
            var chunkSummary = BatchSummary(model: record.model)
            var tally = BatchTally()
            let tickets = try transaction.pendingTickets(batchID: record.id, customIDs: results.map(\.customID))
            for result in results {
                // Already stored (a collection resumed after a crash), or not one of this batch's requests.
                guard let group = tickets[result.customID] else { continue }
                result.count(into: &tally)
                let label = result.label
                for (index, ticket) in group.enumerated() {
                    let primary = index == 0
                    let usage = primary ? result.usage : .zero
                    let cost = primary ? batchPricing?.cost(usage) : 0
                    let stale = ticket.request.textHash != ticket.submittedTextHash
                    var call = CallRecord(
                        attempt: 1, httpStatus: result.answered ? 200 : nil, usage: usage, costUSD: cost,
                        requestID: "\(remoteID)/\(result.customID)", error: result.problem,
                        rawAnswer: primary ? result.rawAnswer : nil, unusableAnswer: result.unusableAnswer && !stale)
                    let outcomeResult: ClassificationOutcome.Result
                    var state: BatchRequestState
                    if let label, !stale {
                        outcomeResult = .labeled(label)
                        state = .succeeded
                        chunkSummary.labeled += 1
                    } else {
                        let reason =
                            stale
                            ? "the ticket's text changed while its batch was processing"
                            : result.problem ?? result.kind.rawValue
                        call.error = reason
                        outcomeResult = .failed(reason: reason)
                        state = stale ? .released : result.kind.requestState
                        chunkSummary.released += 1
                        if !stale, result.kind != .canceled { chunkSummary.failed += 1 }
                    }
                    switch try transaction.record(
                        ticket.request, result: outcomeResult, calls: [call], by: identity,
                        reused: !primary && label != nil && !stale, relabel: record.relabel, at: now, batchID: record.id,
                        minConfidence: record.minConfidence, includeManual: record.includeManual)
                    {
                    case .queued:
                        // Answered, but less sure than the batch was asked to be: waiting for a person.
                        chunkSummary.labeled -= 1
                        chunkSummary.queuedForReview += 1
                    case .setAside:
                        // No usable answer for its text, again: waiting for a person, not among the candidates.
                        chunkSummary.released -= 1
                        chunkSummary.setAside += 1
                    case .outsideTaxonomy, .textChanged:
                        // A label a `taxonomy set` dropped while the batch was processing (or text changed since
                        // `stale` was read): the ticket is released for the next run, as a stale one is.
                        chunkSummary.labeled -= 1
                        chunkSummary.released += 1
                        state = .released
                    case .applied, .unanswered:
                        break
                    }
                    try transaction.setRequestState(state, batchID: record.id, ticketID: ticket.request.ticketID)
                    if primary {
                        chunkSummary.add(usage: usage, cost: cost, synchronousCost: syncPricing.map { $0.cost(usage) })
                    }
                }
            }
            try transaction.addTallies(tally, batchID: record.id)
            chunkSummary.tally = tally
            return chunkSummary
        }
        summary.tally = summary.tally + chunkSummary.tally
        summary.labeled += chunkSummary.labeled
        summary.released += chunkSummary.released
        summary.failed += chunkSummary.failed
        summary.queuedForReview += chunkSummary.queuedForReview
        summary.setAside += chunkSummary.setAside
        summary.add(
            usage: TokenUsage(
                inputTokens: chunkSummary.inputTokens, outputTokens: chunkSummary.outputTokens,
                cacheCreationInputTokens: chunkSummary.cacheWriteTokens,
                cacheReadInputTokens: chunkSummary.cacheReadTokens),
            cost: chunkSummary.costUSD, synchronousCost: chunkSummary.synchronousCostUSD)
    }
}
