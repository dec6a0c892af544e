import Foundation
import TicketModel

/// The offline classifier's trained state: one featurizer, a category model and a priority model.
public struct LocalClassifierModel: Sendable, Codable, Equatable {
    public static let kind = "linear-svm-v2"
    /// Feature nodes (16 bytes each) training may hold, about 100 MB: tickets past it (the oldest, as the
    /// store lists them) are left out, so that memory stays bounded whatever the store's size.
    public static let defaultNodeBudget = 6_000_000

    public var featurizer: TextFeaturizer
    public var category: LinearModel
    public var priority: LinearModel
    public var trainingSize: Int
    public var trainedAt: Date

    /// Trains on labeled tickets, in the order given until the budget is full; a ticket missing one label
    /// teaches the other only.
    public static func train(
        on tickets: some Sequence<Ticket>, taxonomy: Taxonomy = .standard, seed: UInt64 = 42, nodeBudget: Int = defaultNodeBudget,
        trainedAt: Date
    ) throws -> LocalClassifierModel {
        var trainer = LocalClassifierTrainer(taxonomy: taxonomy, nodeBudget: nodeBudget)
        for ticket in tickets where !trainer.add(ticket) { break }
        return try trainer.train(seed: seed, trainedAt: trainedAt)
    }

    /// Whether the models choose among exactly the taxonomy's labels, in its order.
    public func matches(_ taxonomy: Taxonomy) -> Bool {
        category.labels == taxonomy.categoryNames && priority.labels == taxonomy.priorityNames
    }

    public func predict(_ text: String) -> ClassificationLabel {
        let features = featurizer.transform(text)
        let category = self.category.predict(features)
        let priority = self.priority.predict(features)
        return ClassificationLabel(
            category: Category(stringLiteral: category.label), priority: Priority(stringLiteral: priority.label),
            confidence: min(category.confidence, priority.confidence), reason: nil)
    }
}
