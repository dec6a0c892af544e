import Foundation

/// Turns a linear SVM's margins into probabilities: a softmax over the margins times one scale, the scale
/// fitted to held-out margins by maximum likelihood (temperature scaling), so that a confidence of 0.8 is
/// right about 80% of the time rather than a number that only orders answers.
enum SoftmaxCalibration {
    /// Probabilities of each label for one ticket's margins.
    static func probabilities(_ margins: [Float], scale: Float) -> [Double] {
        let top = margins.max() ?? 0
        let exps = margins.map { $0 == -.infinity ? 0 : exp(Double(scale) * Double($0 - top)) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }

    /// The scale that minimises the mean negative log-likelihood of `truth` under `margins` (held-out),
    /// by golden-section search on its logarithm in [e⁻⁴, e⁶].
    static func fitScale(margins: [[Float]], truth: [Int]) -> Float {
        guard !margins.isEmpty else { return 1 }
        func loss(_ logScale: Double) -> Double {
            let scale = Float(exp(logScale))
            var total = 0.0
            for (row, label) in zip(margins, truth) {
                total -= log(max(probabilities(row, scale: scale)[label], 1e-12))
            }
            return total / Double(margins.count)
        }
        let ratio = (sqrt(5.0) - 1) / 2
        var (low, high) = (-4.0, 6.0)
        var a = high - ratio * (high - low), b = low + ratio * (high - low)
        var (lossA, lossB) = (loss(a), loss(b))
        for _ in 0..<40 {
            if lossA < lossB {
                high = b; b = a; lossB = lossA
                a = high - ratio * (high - low); lossA = loss(a)
            } else {
                low = a; a = b; lossA = lossB
                b = low + ratio * (high - low); lossB = loss(b)
            }
        }
        return Float(exp((low + high) / 2))
    }
}
