import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketClassification
import TicketReporting
import TicketImport

/// Scores a classifier against labeled fixtures whose labels are hidden from it.
public struct Evaluator: Sendable {
    public var store: TicketStore
    public var fixtures: String
    public var mapping: ColumnMapping = .ticketjobs
    public var provider: ClassifierProvider = .local
    public var model: String?
    /// A labeled file to train the local classifier on; else `split`, else the database's labeled tickets.
    public var trainingFile: String?
    /// Train on this fraction of a seeded shuffle of the fixtures, score on the rest.
    public var split: Double?
    public var seed: UInt64 = Evaluator.defaultSeed
    public static let defaultSeed: UInt64 = 42
    public var limit: Int?
    /// Requests in flight at most (Anthropic), as `classify`'s default.
    public var concurrency = ClassifyOptions().concurrency
    public var limits = RateLimits()
    public var baseline: String?
    /// A taxonomy file to score with instead of the database's (labels, definitions, examples); the database
    /// is not changed.
    public var taxonomyFile: String?
    public var environment: [String: String] = [:]
    public var transport: (any HTTPTransport)?
    public var clock: any WallClock = SystemWallClock()
    /// What Claude's pacing and retries wait on; tests pass a manual clock.
    public var sleepClock: any Clock<Duration> = ContinuousClock()
    public var logger: Logger
    /// Told after each ticket Claude answered (or failed) how far the run is: with a few hundred fixtures at a
    /// team's rate limit, an evaluation takes minutes.
    public var progress: (@Sendable (EvaluationProgress) -> Void)?

    public init(store: TicketStore, fixtures: String, logger: Logger) {
        self.store = store
        self.fixtures = fixtures
        self.logger = logger
    }

    /// The labels scored: the taxonomy file's, else the database's.
    public func taxonomy() throws -> Taxonomy {
        try taxonomyFile.map { try Taxonomy.load(path: $0).taxonomy } ?? store.taxonomy()
    }

    public func run() async throws -> EvaluationReport {
        let taxonomy = try taxonomy()
        let contents = try LabeledFile.read(at: fixtures, mapping: mapping, taxonomy: taxonomy)
        // Rows the importer rejected are not scored: said, never silently.
        let rejection = contents.firstRejection.map { " (\(contents.rejected) rows rejected; the first, \($0))" } ?? ""
        if contents.rejected > 0 {
            logger.warning("fixtures rows rejected", metadata: ["file": "\(fixtures)", "rejected": "\(contents.rejected)", "first": "\(contents.firstRejection ?? "")"])
        }
        var tickets = contents.tickets.filter { $0.category != nil && $0.priority != nil }
        let unlabeled = contents.tickets.count - tickets.count
        if unlabeled > 0 {
            logger.warning("fixture rows without a category or a priority are not scored", metadata: ["file": "\(fixtures)", "rows": "\(unlabeled)"])
        }
        var training: [Ticket]?
        if let split {
            var generator = SeededGenerator(seed: seed)
            tickets.shuffle(using: &generator)
            let cut = Int(Double(tickets.count) * split)
            training = Array(tickets[..<cut])
            tickets = Array(tickets[cut...])
        } else if let trainingFile {
            training = try LabeledFile.tickets(at: trainingFile, mapping: mapping, taxonomy: taxonomy)
        }
        if let limit { tickets = Array(tickets.prefix(limit)) }
        guard !tickets.isEmpty else { throw ClassificationError.invalidConfiguration("\(fixtures): no labeled tickets to evaluate\(rejection)") }
        let started = Date()
        var predictions: [ClassificationLabel?]
        var cost = EvaluationReport.Cost(requests: 0, inputTokens: 0, outputTokens: 0, costUSD: 0, costPer1000Tickets: 0, cachedAnswers: 0)
        var latencies: [Double] = []
        var trainingSize: Int?
        let modelName: String
        switch provider {
        case .anthropic, .auto:
            var job = ClassifyJob(store: store, environment: environment, logger: logger)
            job.provider = .anthropic
            job.model = model
            job.limits = limits
            job.options.concurrency = concurrency
            job.fixedTaxonomy = taxonomy
            let classifier = try job.makeClassifier(transport: transport, clock: sleepClock)
            modelName = classifier.model
            (predictions, cost, latencies) = try await classifyRemotely(tickets, classifier)
        case .local:
            // Never score a ticket the model learned from. The store's tickets are streamed, as classify does.
            let scored = Set(tickets.map(\.text))
            var trainer = LocalClassifierTrainer(taxonomy: taxonomy)
            if let training {
                for ticket in training where !scored.contains(ticket.text) { guard trainer.add(ticket) else { break } }
            } else {
                try store.forEachTrainingTicket { scored.contains($0.text) || trainer.add($0) }
            }
            let model = try trainer.train(seed: seed, trainedAt: clock.now())
            trainingSize = model.trainingSize
            modelName = LocalClassifier.modelName
            predictions = tickets.map { model.predict($0.text) }
        }
        let elapsed = Date().timeIntervalSince(started)
        var made = try report(tickets, predictions, taxonomy: taxonomy, modelName: modelName, trainingSize: trainingSize, cost: cost, latencies: latencies, elapsed: elapsed)
        made.rejectedRows = contents.rejected
        made.firstRejection = contents.firstRejection
        made.unlabeledRows = unlabeled
        return made
    }

    private func classifyRemotely(_ tickets: [Ticket], _ classifier: any TicketClassifier)
        async throws -> ([ClassificationLabel?], EvaluationReport.Cost, [Double])
    {
        var cost = EvaluationReport.Cost(requests: 0, inputTokens: 0, outputTokens: 0, costUSD: 0, costPer1000Tickets: nil, cachedAnswers: 0)
        var results = [ClassificationLabel?](repeating: nil, count: tickets.count)
        var latencies: [Double] = []
        var pending: [(Int, ClassificationRequest)] = []
        for (index, ticket) in tickets.enumerated() {
            let request = ClassificationRequest(ticketID: Int64(index), externalID: ticket.id, title: ticket.title, description: ticket.description)
            if let cached = try store.cachedEvaluationAnswer(textHash: request.textHash, model: classifier.model, promptVersion: classifier.promptVersion) {
                if case .labeled(let label) = cached { results[index] = label }
                cost.cachedAnswers += 1
            } else {
                pending.append((index, request))
            }
        }
        var fatal: ClassificationError?
        var unanswered = UnansweredStreak()
        var done = EvaluationProgress(model: classifier.model, tickets: tickets.count, done: cost.cachedAnswers, requests: 0)
        progress?(done)
        // An answer that stops the evaluation (a refused key, say) stops the requests waiting to be sent; one on
        // the wire finishes, and its answer is cached.
        await BoundedTaskGroup.run(pending, limit: concurrency, cancelOnStop: true, work: { index, request in
            (index, await SendingGate().run { await classifier.classify(request) })
        }) { index, outcome in
            fatal = fatal ?? outcome.fatal ?? unanswered.record(outcome)
            for call in outcome.calls {
                cost.requests += 1
                cost.inputTokens += call.usage.inputTokens + call.usage.cacheReadInputTokens + call.usage.cacheCreationInputTokens
                cost.outputTokens += call.usage.outputTokens
                if let value = call.costUSD, let total = cost.costUSD { cost.costUSD = total + value } else { cost.costUSD = nil }
                if let latency = call.latencyMilliseconds { latencies.append(Double(latency)) }
            }
            if case .labeled(let label) = outcome.result {
                results[index] = label
                try? store.cacheEvaluationAnswer(label, request: outcome.request, classifier: classifier.identity, calls: outcome.calls, at: clock.now())
            } else if outcome.calls.count(where: \.unusableAnswer) >= StoreTransaction.unusableAnswersBeforeReview {
                // The model gave no usable label as often as classify sets a ticket aside for (a refusal, say): a
                // rerun would pay for the same again.
                try? store.cacheEvaluationAnswer(nil, request: outcome.request, classifier: classifier.identity, calls: outcome.calls, at: clock.now())
            }
            done.done += 1
            done.requests = cost.requests
            progress?(done)
            return fatal == nil
        }
        // Stopped: the requests not sent are no failure of the API's.
        try Task.checkCancellation()
        if let fatal { throw fatal }
        if let total = cost.costUSD, tickets.count > 0 {
            cost.costUSD = (total * 1_000_000).rounded() / 1_000_000
            cost.costPer1000Tickets = (total / Double(tickets.count) * 1000 * 10_000).rounded() / 10_000
        }
        return (results, cost, latencies)
    }

    func report(
        _ tickets: [Ticket], _ predictions: [ClassificationLabel?], taxonomy: Taxonomy, modelName: String, trainingSize: Int?,
        cost: EvaluationReport.Cost, latencies: [Double], elapsed: Double
    ) throws -> EvaluationReport {
        let category = LabelMetrics.compute(
            truth: tickets.map { $0.category!.rawValue }, predicted: predictions.map { $0?.category.rawValue },
            labels: taxonomy.categoryNames)
        let priority = LabelMetrics.compute(
            truth: tickets.map { $0.priority!.rawValue }, predicted: predictions.map { $0?.priority.rawValue },
            labels: taxonomy.priorityNames)
        var distance = Dictionary(uniqueKeysWithValues: (0..<taxonomy.priorities.count).map { (String($0), 0) })
        for (ticket, prediction) in zip(tickets, predictions) {
            guard let prediction, let predicted = taxonomy.index(of: prediction.priority), let truth = taxonomy.index(of: ticket.priority!)
            else { continue }
            distance[String(abs(predicted - truth)), default: 0] += 1
        }
        func confused(_ kind: String, truth: (Ticket) -> String, predicted: (ClassificationLabel) -> String) -> [EvaluationReport.ConfusedPair] {
            var groups: [String: (String, String, [Ticket])] = [:]
            for (ticket, prediction) in zip(tickets, predictions) {
                guard let prediction, truth(ticket) != predicted(prediction) else { continue }
                let key = truth(ticket) + "→" + predicted(prediction)
                groups[key, default: (truth(ticket), predicted(prediction), [])].2.append(ticket)
            }
            return groups.values.sorted { ($0.2.count, $1.0 + $1.1) > ($1.2.count, $0.0 + $0.1) }.prefix(5).map {
                .init(truth: $0.0, predicted: $0.1, count: $0.2.count,
                      examples: $0.2.prefix(3).map {
                          ["id": $0.id, "title": $0.title.shortened(to: EvaluationReport.exampleTitleCharacters)]
                      })
            }
        }
        let sorted = latencies.sorted()
        func percentile(_ q: Double) -> Double? {
            guard !sorted.isEmpty else { return nil }
            let position = Double(sorted.count - 1) * q
            let lower = Int(position)
            let upper = min(lower + 1, sorted.count - 1)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }
        var report = EvaluationReport(
            generatedAt: ISO8601DateFormatter().string(from: clock.now()), provider: provider == .local ? "local" : "anthropic",
            model: modelName, fixtures: fixtures, n: tickets.count, trainingSize: trainingSize, category: category,
            priority: priority, labels: ["category": taxonomy.categoryNames, "priority": taxonomy.priorityNames],
            priorityErrorDistance: distance,
            mostConfused: [
                "category": confused("category", truth: { $0.category!.rawValue }, predicted: { $0.category.rawValue }),
                "priority": confused("priority", truth: { $0.priority!.rawValue }, predicted: { $0.priority.rawValue }),
            ],
            cost: cost,
            latency: .init(p50Ms: percentile(0.5), p90Ms: percentile(0.9),
                           ticketsPerSecond: elapsed > 0 ? (Double(tickets.count) / elapsed * 10).rounded() / 10 : 0))
        if let baseline {
            let previous = try Self.baselineRun(at: baseline, provider: report.provider, model: report.model)
            func delta(_ now: LabelMetrics, _ before: LabelMetrics) -> [String: Double] {
                ["accuracy": LabelMetrics.round(now.accuracy - before.accuracy), "macro_f1": LabelMetrics.round(now.macroF1 - before.macroF1),
                 "weighted_f1": LabelMetrics.round(now.weightedF1 - before.weightedF1), "kappa": LabelMetrics.round(now.kappa - before.kappa)]
            }
            report.baselineDelta = ["category": delta(category, previous.category), "priority": delta(priority, previous.priority)]
            report.baseline = baseline
        }
        return report
    }

    /// The run of a baseline file to compare with: the file's report, or from a comparison the run of the same
    /// provider and model (else its first).
    static func baselineRun(at path: String, provider: String, model: String) throws -> EvaluationReport {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        if let comparison = try? decoder.decode(EvaluationComparison.self, from: data) {
            return comparison.runs.first { $0.provider == provider && $0.model == model } ?? comparison.runs[0]
        }
        do {
            return try decoder.decode(EvaluationReport.self, from: data)
        } catch {
            throw ClassificationError.invalidConfiguration("--baseline \(path): not an evaluation report (\(error))")
        }
    }
}
