import TicketModel
import TicketDatabase
import TicketClassification
import TicketReporting
import TicketImport

/// Scores of one label kind (category or priority), defined as scikit-learn's `classification_report`
/// and `cohen_kappa_score` define them. Rows the classifier could not label are counted as `failures`
/// and left out of the scores (they are not a class).
public struct LabelMetrics: Codable, Sendable, Equatable {
    public struct ClassScore: Codable, Sendable, Equatable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }

    /// Right answers ÷ tickets answered (`scored`).
    public var accuracy: Double
    /// Right answers ÷ every ticket evaluated: a failure counts as wrong. Absent from reports of schema 1.
    public var endToEndAccuracy: Double?
    public var macroF1: Double
    public var weightedF1: Double
    public var kappa: Double
    public var perClass: [String: ClassScore]
    /// truth → predicted → count.
    public var confusion: [String: [String: Int]]
    public var failures: Int
    public var scored: Int

    enum CodingKeys: String, CodingKey {
        case accuracy
        case endToEndAccuracy = "end_to_end_accuracy"
        case macroF1 = "macro_f1"
        case weightedF1 = "weighted_f1"
        case kappa
        case perClass = "per_class"
        case confusion, failures, scored
    }

    /// - Parameters:
    ///   - labels: the taxonomy, in order; the confusion matrix lists them all.
    public static func compute(truth: [String], predicted: [String?], labels: [String]) -> LabelMetrics {
        let pairs = zip(truth, predicted).compactMap { truth, predicted in predicted.map { (truth, $0) } }
        let failures = truth.count - pairs.count
        var confusion = Dictionary(uniqueKeysWithValues: labels.map { t in (t, Dictionary(uniqueKeysWithValues: labels.map { ($0, 0) })) })
        for (t, p) in pairs { confusion[t, default: [:]][p, default: 0] += 1 }
        let n = Double(pairs.count)
        let correct = Double(pairs.filter { $0.0 == $0.1 }.count)
        // Macro averages run over the labels present in the truth or the predictions.
        let present = labels.filter { label in pairs.contains { $0.0 == label || $0.1 == label } }
        var perClass: [String: ClassScore] = [:]
        for label in labels {
            let tp = Double(pairs.filter { $0.0 == label && $0.1 == label }.count)
            let predictedCount = Double(pairs.filter { $0.1 == label }.count)
            let support = pairs.filter { $0.0 == label }.count
            let precision = predictedCount == 0 ? 0 : tp / predictedCount
            let recall = support == 0 ? 0 : tp / Double(support)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            perClass[label] = ClassScore(precision: round(precision), recall: round(recall), f1: round(f1), support: support)
        }
        let macro = present.isEmpty ? 0 : present.map { perClass[$0]!.f1 }.reduce(0, +) / Double(present.count)
        let weighted = n == 0 ? 0 : labels.map { perClass[$0]!.f1 * Double(perClass[$0]!.support) }.reduce(0, +) / n
        var expected = 0.0
        for label in labels {
            let truthShare = Double(pairs.filter { $0.0 == label }.count) / max(n, 1)
            let predictedShare = Double(pairs.filter { $0.1 == label }.count) / max(n, 1)
            expected += truthShare * predictedShare
        }
        let observed = n == 0 ? 0 : correct / n
        let kappa = expected >= 1 ? (observed == 1 ? 1 : 0) : (observed - expected) / (1 - expected)
        return LabelMetrics(
            accuracy: round(observed), endToEndAccuracy: truth.isEmpty ? 0 : round(correct / Double(truth.count)), macroF1: round(macro), weightedF1: round(weighted), kappa: round(kappa),
            perClass: perClass, confusion: confusion, failures: failures, scored: pairs.count)
    }

    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
