import Foundation
import Testing

@testable import TicketModel
@testable import TicketClassification

@Suite struct SoftmaxCalibrationTests {
    @Test func probabilitiesSumToOneAndIgnoreLabelsNeverSeen() {
        let p = SoftmaxCalibration.probabilities([1, -1, -.infinity], scale: 2)
        #expect(abs(p.reduce(0, +) - 1) < 1e-9)
        #expect(p[2] == 0)
        #expect(abs(p[0] - 1 / (1 + exp(-4))) < 1e-9)
    }

    /// Labels drawn from a softmax of known scale: the fitted scale finds it again.
    @Test(arguments: [0.5, 2.0, 6.0]) func theFittedScaleIsTheOneTheLabelsCameFrom(truth: Double) {
        var generator = SeededGenerator(seed: 11)
        var margins: [[Float]] = []
        var labels: [Int] = []
        for _ in 0..<4000 {
            let row = (0..<4).map { _ in Float.random(in: -1...1, using: &generator) }
            let p = SoftmaxCalibration.probabilities(row, scale: Float(truth))
            var draw = Double.random(in: 0..<1, using: &generator)
            var label = 0
            while label < 3 && draw >= p[label] { draw -= p[label]; label += 1 }
            margins.append(row)
            labels.append(label)
        }
        let fitted = Double(SoftmaxCalibration.fitScale(margins: margins, truth: labels))
        #expect(abs(fitted - truth) / truth < 0.2, "fitted \(fitted), drawn with \(truth)")
    }
}
