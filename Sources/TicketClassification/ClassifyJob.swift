import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport

/// The `classify` step: chooses the classifier, trains or loads the local model, and runs.
public struct ClassifyJob: Sendable {
    public var store: TicketStore
    public var provider: ClassifierProvider = .auto
    /// The Anthropic model; default `claude-haiku-4-5`.
    public var model: String?
    public var options = ClassifyOptions()
    public var limits = RateLimits()
    public var redact = false
    /// A taxonomy file with the team's own definitions of the database's labels, for this run; default: the
    /// database's taxonomy as stored.
    public var taxonomyFile: String?
    /// A whole taxonomy to classify with, whatever the database's (an evaluation of a team's file).
    public var fixedTaxonomy: Taxonomy?
    /// A labeled export to train the local classifier on, instead of the database's labeled tickets.
    public var trainingFile: String?
    public var environment: [String: String]
    public var clock: any WallClock = SystemWallClock()
    /// What pacing, retries and waiting for another classification of the database sleep on; tests pass a fake.
    public var sleepClock: any Clock<Duration> = ContinuousClock()
    public var logger: Logger
    /// Classify through the Message Batches API (half price, results within 24 hours) instead of one
    /// request per ticket. Default nil: synchronous.
    public var batch: BatchOptions?
    /// How Claude's answers are retried; default the configuration's (`ResponsePolicy()`).
    public var responses: ResponsePolicy?

    public init(store: TicketStore, environment: [String: String], logger: Logger) {
        self.store = store
        self.environment = environment
        self.logger = logger
    }

    /// The provider `auto` resolves to, and the Anthropic configuration when it is Anthropic.
    public func resolvedProvider() throws -> (ClassifierProvider, AnthropicConfiguration?) {
        // The local classifier reads no Anthropic setting: one it cannot use (a quoted key, a base URL that is no
        // URL) is no reason to stop it.
        if provider == .local { return (.local, nil) }
        let configuration = try AnthropicConfiguration.fromEnvironment(environment).map { base -> AnthropicConfiguration in
            var configuration = base
            if let model { configuration.model = model }
            configuration.redact = redact
            if let responses { configuration.responses = responses }
            return configuration
        }
        if var loaded = configuration {
            loaded.taxonomy = try taxonomy()
            return try resolved(loaded)
        }
        return try resolved(configuration)
    }

    /// The labels and definitions this run classifies with: the database's, reworded by `taxonomyFile`.
    public func taxonomy() throws -> Taxonomy {
        if let fixedTaxonomy { return fixedTaxonomy }
        let stored = try store.taxonomy()
        guard let taxonomyFile else { return stored }
        return try stored.overridden(by: Taxonomy.load(path: taxonomyFile).taxonomy, file: taxonomyFile)
    }

    private func resolved(_ configuration: AnthropicConfiguration?) throws -> (ClassifierProvider, AnthropicConfiguration?) {
        switch provider {
        case .local: return (.local, nil)
        case .anthropic:
            guard let configuration else { throw ClassificationError.missingAPIKey }
            return (.anthropic, configuration)
        case .auto: return configuration == nil ? (.local, nil) : (.anthropic, configuration)
        }
    }

    /// Builds the classifier. `transport` defaults to async-http-client and `clock` (what pacing and retries wait
    /// on) to the continuous clock; tests pass fakes.
    public func makeClassifier(
        transport: (any HTTPTransport)? = nil, clock: any Clock<Duration> = ContinuousClock()
    ) throws -> any TicketClassifier {
        let (resolved, configuration) = try resolvedProvider()
        if resolved == .local {
            // A cron job's environment often lacks the key its author's shell had: said, not only seen in the
            // summary's provider.
            if provider == .auto {
                logger.notice("no API key (ANTHROPIC_API_KEY, LLM_API_KEY): the local classifier labels")
            }
            let taxonomy = try taxonomy()
            return LocalClassifier(trained: try localModel(taxonomy: taxonomy), taxonomy: taxonomy)
        }
        return try anthropicClassifier(configuration!, transport: transport, clock: clock)
    }

    private func anthropicClassifier<C: Clock>(
        _ configuration: AnthropicConfiguration, transport: (any HTTPTransport)?, clock: C
    ) throws -> any TicketClassifier where C.Duration == Duration {
        AnthropicClassifier(
            configuration: configuration,
            transport: try transport
                ?? AsyncHTTPClientTransport(
                    maximumConnections: options.concurrency, proxy: HTTPProxy.forURL(configuration.baseURL)),
            limiter: RateLimiter(
                limits: limits, clock: clock,
                onRateChange: { [logger] rate, reason in
                    logger.info(
                        "pacing rate changed",
                        metadata: ["requests_per_minute": "\(Int(rate.rounded()))", "reason": "\(reason)"])
                },
                onPause: { [logger, wallClock = self.clock] seconds, reason in
                    // Said as a notice: cron's log would otherwise show nothing for as long as an hour.
                    let until = wallClock.now().addingTimeInterval(seconds).timeIntervalSince1970.rounded()
                    logger.notice(
                        "requests paused",
                        metadata: [
                            "seconds": "\(Int(seconds.rounded()))", "reason": "\(reason)",
                            "until": "\(UTCTimestamp.format(epochSeconds: Int64(until)))",
                        ])
                }), clock: clock)
    }

    /// The stored local model if no tickets were imported since it was trained and it knows the taxonomy's
    /// labels; else a newly trained one.
    public func localModel() throws -> LocalClassifierModel {
        try localModel(taxonomy: try taxonomy())
    }

    func localModel(taxonomy: Taxonomy) throws -> LocalClassifierModel {
        if let trainingFile {
            return try LocalClassifierModel.train(
                on: try LabeledFile.tickets(at: trainingFile, taxonomy: taxonomy), taxonomy: taxonomy, trainedAt: clock.now())
        }
        if let (parameters, lastImport) = try store.latestClassifierModel(kind: LocalClassifierModel.kind),
            let model = Self.decodedModel(parameters, for: taxonomy), lastImport.map({ $0 <= model.trainedAt }) ?? true
        {
            return model
        }
        let model = try trainedOnStore(taxonomy)
        try store.saveClassifierModel(
            kind: LocalClassifierModel.kind, trainedAt: model.trainedAt, trainingSize: model.trainingSize,
            parameters: try JSONEncoder().encode(model))
        logger.info("local classifier trained", metadata: ["tickets": "\(model.trainingSize)"])
        let unlearned = (categories: model.category.unlearnedLabels, priorities: model.priority.unlearnedLabels)
        if !unlearned.categories.isEmpty || !unlearned.priorities.isEmpty {
            // A team's first labeled export rarely covers its taxonomy: say which labels no ticket will get.
            logger.notice(
                "the local classifier had no labeled ticket of some labels, and never answers them",
                metadata: [
                    "categories": "\(unlearned.categories.joined(separator: ","))",
                    "priorities": "\(unlearned.priorities.joined(separator: ","))",
                ])
        }
        return model
    }

    /// A stored model's parameters as a model, if it chooses among exactly `taxonomy`'s labels and learned more
    /// than one category: one stored before such training was refused would give every ticket that category.
    static func decodedModel(_ parameters: Data, for taxonomy: Taxonomy) -> LocalClassifierModel? {
        guard let model = try? JSONDecoder().decode(LocalClassifierModel.self, from: parameters), model.matches(taxonomy),
            model.category.labels.count - model.category.unlearnedLabels.count > 1
        else { return nil }
        return model
    }

    /// A model trained on the store's labeled tickets (a person's labels first), not stored.
    func trainedOnStore(_ taxonomy: Taxonomy) throws -> LocalClassifierModel {
        var trainer = LocalClassifierTrainer(taxonomy: taxonomy)
        try store.forEachTrainingTicket { trainer.add($0) }
        return try trainer.train(trainedAt: clock.now())
    }

    public func run(transport: (any HTTPTransport)? = nil, progress: (@Sendable (ClassifySummary) -> Void)? = nil) async throws -> ClassifySummary {
        // A configuration that cannot run says so at once, not after waiting for another run to end.
        let (resolved, configuration) = try resolvedProvider()
        let lock: ProcessLock?
        do {
            lock = try await exclusiveClassification()
        } catch is CancellationError {
            var summary = ClassifySummary(
                provider: resolved.rawValue, model: configuration?.model ?? LocalClassifier.modelName)
            summary.stoppedBecause = "interrupted"
            return summary
        }
        defer { lock?.release() }
        // Resolved again, not reused: the wait may have been long, and the taxonomy changed meanwhile.
        let classifier = try makeClassifier(transport: transport, clock: sleepClock)
        return try await ClassificationRunner(store: store, classifier: classifier, clock: clock, logger: logger)
            .run(options: options, progress: progress)
    }

    /// The database's classification lock, once no other run holds it (see `ClassificationLock`).
    public func exclusiveClassification() async throws -> ProcessLock? {
        try await ClassificationLock.acquire(for: store, clock: sleepClock, wallClock: clock, logger: logger)
    }

    /// The Message Batches runner; batches need Claude, so a missing key is an error, never a local fallback.
    public func makeBatchRunner(transport: (any HTTPTransport)? = nil) throws -> BatchRunner<ContinuousClock> {
        guard provider != .local else {
            throw ClassificationError.invalidConfiguration("batches classify with Claude: --provider local has no batch mode")
        }
        var job = self
        job.provider = .anthropic
        guard let configuration = try job.resolvedProvider().1 else { throw ClassificationError.missingAPIKey }
        return BatchRunner(
            store: store, configuration: configuration,
            transport: try transport
                ?? AsyncHTTPClientTransport(
                    maximumConnections: 2, timeout: 600, proxy: HTTPProxy.forURL(configuration.baseURL)),
            options: batch ?? BatchOptions(),
            clock: ContinuousClock(), wallClock: clock, logger: logger)
    }

    /// Classifies through the Message Batches API: collects what has ended, submits the candidates, waits
    /// when the options say so.
    public func runBatch(transport: (any HTTPTransport)? = nil, progress: (@Sendable (BatchSummary) -> Void)? = nil) async throws -> BatchSummary {
        try await makeBatchRunner(transport: transport).run(classify: options, exclusively: exclusiveClassification, progress: progress)
    }

    /// What the run would send and cost; sends nothing, so it needs no API key: without one, `auto` and
    /// `anthropic` estimate for Claude with the configured model.
    public func estimate() throws -> DryRunEstimate {
        var (resolved, configuration): (ClassifierProvider, AnthropicConfiguration?)
        do {
            (resolved, configuration) = try resolvedProvider()
        } catch ClassificationError.missingAPIKey {
            var keyless = AnthropicConfiguration(apiKey: "")
            if let model { keyless.model = model }
            keyless.taxonomy = try taxonomy()
            (resolved, configuration) = (.anthropic, keyless)
        }
        let modelName = resolved == .local ? LocalClassifier.modelName : configuration!.model
        let promptVersion =
            resolved == .local
            ? LocalClassifier.promptVersion(for: try taxonomy()) : ClassificationPrompt.version(for: configuration!.taxonomy)
        let candidates = try store.classificationCandidates(
            since: options.since, until: options.until, relabel: options.relabel, includeManual: options.includeManual,
            limit: options.limit)
        let identity = ClassifierIdentity(
            provider: resolved == .local ? "local" : "anthropic", model: modelName, promptVersion: promptVersion)
        let reusable = try store.countReusableAnswers(for: candidates, by: identity)
        let toSend = candidates.count - reusable
        guard resolved == .anthropic else {
            return DryRunEstimate(
                provider: "local", model: modelName, tickets: candidates.count, reusable: reusable, inputTokens: 0,
                outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, promptCaching: false, costUSD: 0)
        }
        // Batches are billed at half price.
        let pricing = ModelPricing.forModel(modelName).map { batch == nil ? $0 : $0.batch }
        let prefix = ClassificationPrompt.prefixTokens(configuration!.taxonomy)
        let caching = pricing.map { prefix >= $0.minimumCacheableTokens } ?? false
        let ticketTokens = candidates.map { ClassificationPrompt.ticketTokens(title: $0.title, description: $0.description) + 20 }.reduce(0, +)
        let scale = candidates.isEmpty ? 0 : Double(toSend) / Double(candidates.count)
        let variable = Int(Double(ticketTokens) * scale)
        let usage: TokenUsage =
            caching && toSend > 0
            ? TokenUsage(inputTokens: variable, outputTokens: toSend * 60, cacheCreationInputTokens: prefix,
                         cacheReadInputTokens: prefix * (toSend - 1))
            : TokenUsage(inputTokens: variable + prefix * toSend, outputTokens: toSend * 60)
        return DryRunEstimate(
            provider: "anthropic", model: modelName, tickets: candidates.count, reusable: reusable,
            inputTokens: usage.inputTokens, outputTokens: usage.outputTokens,
            cacheWriteTokens: usage.cacheCreationInputTokens, cacheReadTokens: usage.cacheReadInputTokens,
            promptCaching: caching, costUSD: pricing.map { ($0.cost(usage) * 10000).rounded() / 10000 })
    }
}
