import Foundation
import Logging
import TicketModel
import TicketDatabase

/// Labels one ticket on demand, as the support app did while an agent typed, and stores nothing: no ticket,
/// no call, no model. The local path reads the stored model (trained by `classify`), even one older than the
/// latest import, since a suggestion is wanted now; with none it trains one in memory and says so.
public struct SuggestJob: Sendable {
    public var classify: ClassifyJob

    public init(classify: ClassifyJob) {
        self.classify = classify
    }

    public func suggest(title: String, description: String, transport: (any HTTPTransport)? = nil) async throws -> Suggestion {
        let (provider, configuration) = try classify.resolvedProvider()
        let request = ClassificationRequest(ticketID: 0, externalID: "suggest", title: title, description: description)
        if provider == .local {
            let model = try storedOrFreshModel()
            let label = model.predict(request.text)
            return Suggestion(
                category: label.category.rawValue, priority: label.priority.rawValue, confidence: label.confidence,
                provider: "local", model: LocalClassifier.modelName)
        }
        var job = classify
        job.provider = .anthropic
        // Someone is waiting: a busy or rate-limited API fails within seconds, not after an hour's retry-after.
        job.responses = .interactive
        let classifier = try job.makeClassifier(transport: transport, clock: job.sleepClock)
        let outcome = await classifier.classify(request)
        if let fatal = outcome.fatal { throw fatal }
        switch outcome.result {
        case .labeled(let label):
            return Suggestion(
                category: label.category.rawValue, priority: label.priority.rawValue, confidence: label.confidence,
                provider: "anthropic", model: configuration?.model ?? classifier.model)
        case .failed(let reason):
            throw ClassificationError.invalidConfiguration("Claude gave no label: \(reason)")
        }
    }

    private func storedOrFreshModel() throws -> LocalClassifierModel {
        let taxonomy = try classify.taxonomy()
        if let parameters = try classify.store.latestClassifierModelParameters(kind: LocalClassifierModel.kind),
            let model = ClassifyJob.decodedModel(parameters, for: taxonomy)
        {
            return model
        }
        classify.logger.notice(
            "no trained local model for this taxonomy: training one for this suggestion only (classify --provider local stores one)")
        return try classify.trainedOnStore(taxonomy)
    }
}
