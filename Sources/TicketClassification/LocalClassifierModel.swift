import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// The offline classifier's trained state: one featurizer, a category model and a priority model.
public struct LocalClassifierModel: Sendable, Codable, Equatable {
    public static let kind = "linear-svm-v1"

    public var featurizer: TextFeaturizer
    public var category: LinearModel
    public var priority: LinearModel
    public var trainingSize: Int
    public var trainedAt: Date

    /// Trains on labeled tickets; tickets missing a label are used for the other label only.
    public static func train(on tickets: [Ticket], seed: UInt64 = 42, trainedAt: Date) throws -> LocalClassifierModel {
        let categoryExamples = tickets.compactMap { t in t.category.map { (t.text, Category.allCases.firstIndex(of: $0)!) } }
        let priorityExamples = tickets.compactMap { t in t.priority.map { (t.text, Priority.allCases.firstIndex(of: $0)!) } }
        guard !categoryExamples.isEmpty, !priorityExamples.isEmpty else {
            throw ClassificationError.noTrainingData
        }
        var featurizer = TextFeaturizer()
        featurizer.fit(Array(Set(categoryExamples.map(\.0) + priorityExamples.map(\.0))))
        let category = LinearModel.train(
            examples: categoryExamples.map { (featurizer.transform($0.0), $0.1) },
            labels: Category.allCases.map(\.rawValue), dimensions: featurizer.buckets, seed: seed)
        let priority = LinearModel.train(
            examples: priorityExamples.map { (featurizer.transform($0.0), $0.1) },
            labels: Priority.allCases.map(\.rawValue), dimensions: featurizer.buckets, seed: seed &+ 1)
        return LocalClassifierModel(
            featurizer: featurizer, category: category, priority: priority,
            trainingSize: Set(categoryExamples.map(\.0) + priorityExamples.map(\.0)).count, trainedAt: trainedAt)
    }

    public func predict(_ text: String) -> ClassificationLabel {
        let features = featurizer.transform(text)
        let category = self.category.predict(features)
        let priority = self.priority.predict(features)
        return ClassificationLabel(
            category: Category(rawValue: category.label)!, priority: Priority(rawValue: priority.label)!,
            confidence: min(category.confidence, priority.confidence), reason: nil)
    }
}
