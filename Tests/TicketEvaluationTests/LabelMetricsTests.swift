import Testing
@testable import TicketModel
@testable import TicketClassification
@testable import TicketEvaluation

@Suite struct LabelMetricsTests {
    /// Values computed by hand, matching scikit-learn's classification_report and cohen_kappa_score.
    @Test func handComputedCase() {
        let truth = ["a", "a", "a", "b", "b", "c"]
        let predicted: [String?] = ["a", "a", "b", "b", "a", "a"]
        let metrics = LabelMetrics.compute(truth: truth, predicted: predicted, labels: ["a", "b", "c", "d"])
        #expect(metrics.accuracy == 0.5)
        #expect(metrics.perClass["a"] == .init(precision: 0.5, recall: 0.6667, f1: 0.5714, support: 3))
        #expect(metrics.perClass["b"] == .init(precision: 0.5, recall: 0.5, f1: 0.5, support: 2))
        // A class never predicted: precision 0, not NaN.
        #expect(metrics.perClass["c"] == .init(precision: 0, recall: 0, f1: 0, support: 1))
        // Macro over labels present in truth or predictions (a, b, c), not d.
        #expect(metrics.macroF1 == 0.3571)
        #expect(metrics.weightedF1 == 0.4524)
        // po = 0.5; pe = (3·4 + 2·2 + 1·0) / 36 = 0.4444; kappa = 0.1
        #expect(metrics.kappa == 0.1)
        #expect(metrics.confusion["a"]?["b"] == 1 && metrics.confusion["c"]?["a"] == 1 && metrics.confusion["d"]?["d"] == 0)
    }

    @Test func failuresAreCountedApartNotScored() {
        let metrics = LabelMetrics.compute(truth: ["a", "b", "b"], predicted: ["a", nil, "b"], labels: ["a", "b"])
        #expect(metrics.failures == 1 && metrics.scored == 2)
        #expect(metrics.accuracy == 1)
        #expect(metrics.kappa == 1)
        // End to end, the failure is a wrong answer: 2 of 3.
        #expect(metrics.endToEndAccuracy == 0.6667)
    }

    @Test func thresholdsReadTheirFigureAndRejectWhatTheyCannotName() throws {
        let threshold = try EvaluationThreshold.parse("priority.end_to_end_accuracy=0.7").get()
        #expect(threshold == EvaluationThreshold(kind: "priority", metric: "end_to_end_accuracy", minimum: 0.7))
        for bad in ["category.macro_f1", "status.accuracy=0.5", "category.recall=0.5", "category.macro_f1=high", "=0.5"] {
            guard case .failure = EvaluationThreshold.parse(bad) else { Issue.record("accepted \(bad)"); continue }
        }
        // A percentage for a fraction would fail every run.
        guard case .failure(let percent) = EvaluationThreshold.parse("category.accuracy=80") else {
            Issue.record("accepted category.accuracy=80"); return
        }
        #expect(percent.reason == "the figures run up to 1 (80% is 0.8)")
        #expect(try EvaluationThreshold.parse("category.kappa=1").get().minimum == 1)
    }
}
