import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// The offline classifier behind `--provider local`: a trained `LocalClassifierModel`, free and instant.
public struct LocalClassifier: TicketClassifier {
    /// The model name and "prompt" (feature) version stored with every local label.
    public static let modelName = "local-" + LocalClassifierModel.kind
    public static let featuresVersion = "features-v2"

    public let model = LocalClassifier.modelName
    public let provider = "local"
    public let promptVersion: String
    public let trained: LocalClassifierModel

    public init(trained: LocalClassifierModel, taxonomy: Taxonomy = .standard) {
        self.trained = trained
        promptVersion = Self.promptVersion(for: taxonomy)
    }

    /// The version stored with a label: the features', and the labels' fingerprint under a team's own labels,
    /// so that answers given among other labels are never reused.
    public static func promptVersion(for taxonomy: Taxonomy) -> String {
        taxonomy.categoryNames == Taxonomy.standard.categoryNames && taxonomy.priorityNames == Taxonomy.standard.priorityNames
            ? featuresVersion : featuresVersion + "+" + taxonomy.labelsFingerprint
    }

    public func classify(_ request: ClassificationRequest) async -> ClassificationOutcome {
        label(request)
    }

    /// The synchronous path, for labeling many tickets without task overhead.
    public func label(_ request: ClassificationRequest) -> ClassificationOutcome {
        let label = trained.predict(request.text)
        return ClassificationOutcome(
            request: request, result: .labeled(label), calls: [CallRecord(attempt: 1, costUSD: 0)])
    }
}
