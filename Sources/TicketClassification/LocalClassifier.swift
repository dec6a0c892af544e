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
    public let promptVersion = LocalClassifier.featuresVersion
    public let trained: LocalClassifierModel

    public init(trained: LocalClassifierModel) {
        self.trained = trained
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
