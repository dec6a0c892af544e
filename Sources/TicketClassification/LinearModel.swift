import Foundation
import TicketModel

/// One label kind's classifier: liblinear's linear SVM over hashed TF-IDF features (see `LibLinear`), with
/// confidences from a softmax over its margins whose scale is fitted on held-out folds (`SoftmaxCalibration`).
public struct LinearModel: Sendable, Equatable {
    public var labels: [String]
    public var dimensions: Int
    /// Feature-major: `weights[feature * labels.count + label]`, so scoring reads one run of memory per feature.
    public var weights: [Float]
    public var biases: [Float]
    /// The margins' scale in the softmax that gives confidences.
    public var scale: Float

    /// The regularisation cost. scikit-learn's `LinearSVC` defaults to 1; over our features 10 cross-validated
    /// better on real exports for both label kinds (Benchmarks/classifier.py; 30 scored about the same).
    public static let defaultCost = 10.0
    /// Folds whose held-out margins calibrate the confidences.
    static let calibrationFolds = 3
    /// Examples the folds draw on at most: the fitted scale is as good with a few thousand margins, and the
    /// folds' training would otherwise cost twice the model's own.
    static let calibrationExamples = 3_000

    /// Trains on `examples` (a row of `matrix`, a label index); `seed` orders the calibration folds.
    static func train(
        matrix: FeatureMatrix, examples: [(row: Int, label: Int)], labels: [String], cost: Double = defaultCost,
        seed: UInt64
    ) -> LinearModel {
        let (weights, biases) = LibLinear.train(
            matrix: matrix, rows: examples.map(\.row), targets: examples.map(\.label), labelCount: labels.count,
            cost: cost)
        var model = LinearModel(labels: labels, dimensions: matrix.dimensions, weights: weights, biases: biases, scale: 1)
        model.scale = calibrationScale(matrix: matrix, examples: examples, labels: labels, cost: cost, seed: seed)
        return model
    }

    /// Margins of each example from a model trained without its fold, then the scale that fits them best.
    static func calibrationScale(
        matrix: FeatureMatrix, examples: [(row: Int, label: Int)], labels: [String], cost: Double, seed: UInt64
    ) -> Float {
        guard examples.count >= calibrationFolds * 4, Set(examples.map(\.label)).count > 1 else { return 1 }
        var generator = SeededGenerator(seed: seed)
        let shuffled = Array(examples.shuffled(using: &generator).prefix(calibrationExamples))
        var margins: [[Float]] = []
        var truth: [Int] = []
        for fold in 0..<calibrationFolds {
            let heldOut = shuffled.indices.filter { $0 % calibrationFolds == fold }.map { shuffled[$0] }
            let training = shuffled.indices.filter { $0 % calibrationFolds != fold }.map { shuffled[$0] }
            let (weights, biases) = LibLinear.train(
                matrix: matrix, rows: training.map(\.row), targets: training.map(\.label), labelCount: labels.count,
                cost: cost)
            // Scored as predictions are: the fold's model, unscaled.
            let fold = LinearModel(labels: labels, dimensions: matrix.dimensions, weights: weights, biases: biases, scale: 1)
            for example in heldOut {
                margins.append(fold.scores(matrix.vector(row: example.row)))
                truth.append(example.label)
            }
        }
        return SoftmaxCalibration.fitScale(margins: margins, truth: truth)
    }

    /// The labels no training example had: never answered (their bias is −∞).
    public var unlearnedLabels: [String] {
        labels.indices.filter { biases[$0] == -.infinity }.map { labels[$0] }
    }

    /// Each label's margin for the features.
    public func scores(_ x: SparseVector) -> [Float] {
        var scores = biases
        let count = labels.count
        weights.withUnsafeBufferPointer { weights in
            for (index, value) in zip(x.indices, x.values) where Int(index) < dimensions {
                let row = Int(index) * count
                for label in 0..<count { scores[label] += weights[row + label] * value }
            }
        }
        return scores
    }

    /// The best label and its calibrated probability.
    public func predict(_ x: SparseVector) -> (label: String, confidence: Double) {
        let probabilities = SoftmaxCalibration.probabilities(scores(x), scale: scale)
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        return (labels[best], probabilities[best])
    }
}

extension LinearModel: Codable {
    enum CodingKeys: String, CodingKey { case labels, dimensions, features, weights, biases, scale }

    /// Stored sparse and packed: the features with any non-zero weight, then their weights.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(labels, forKey: .labels)
        try container.encode(dimensions, forKey: .dimensions)
        try container.encode(scale, forKey: .scale)
        try container.encode(PackedFloats.data(biases), forKey: .biases)
        let count = labels.count
        let features = (0..<dimensions).filter { feature in
            (0..<count).contains { weights[feature * count + $0] != 0 }
        }
        try container.encode(PackedFloats.data(features.map(Int32.init)), forKey: .features)
        try container.encode(
            PackedFloats.data(features.flatMap { weights[($0 * count)..<($0 * count + count)] }), forKey: .weights)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        labels = try container.decode([String].self, forKey: .labels)
        let dimensions = try container.decode(Int.self, forKey: .dimensions)
        self.dimensions = dimensions
        scale = try container.decode(Float.self, forKey: .scale)
        biases = PackedFloats.floats(try container.decode(Data.self, forKey: .biases))
        let features = PackedFloats.integers(try container.decode(Data.self, forKey: .features), as: Int32.self)
        let packed = PackedFloats.floats(try container.decode(Data.self, forKey: .weights))
        let count = labels.count
        guard biases.count == count, packed.count == features.count * count,
            features.allSatisfy({ $0 >= 0 && Int($0) < dimensions })
        else {
            throw DecodingError.dataCorruptedError(forKey: .weights, in: container, debugDescription: "weights do not match the labels")
        }
        var weights = [Float](repeating: 0, count: dimensions * count)
        for (position, feature) in features.enumerated() {
            for label in 0..<count { weights[Int(feature) * count + label] = packed[position * count + label] }
        }
        self.weights = weights
    }
}
