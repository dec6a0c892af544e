import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// One-vs-rest linear classifiers over sparse features: a linear SVM (hinge loss, L2 regularisation, like
/// scikit-learn's `LinearSVC`) trained with Pegasos-style stochastic gradient descent in a seeded order,
/// with class weights balanced by frequency so that rare classes are not drowned by common ones.
public struct LinearModel: Sendable, Equatable {
    public var labels: [String]
    public var dimensions: Int
    /// Dense weights per label.
    public var weights: [[Float]]
    public var biases: [Float]

    /// Trains on `examples` (features, label index).
    public static func train(
        examples: [(SparseVector, Int)], labels: [String], dimensions: Int, epochs: Int = 25, lambda: Float = 1e-4,
        seed: UInt64
    ) -> LinearModel {
        var generator = SeededGenerator(seed: seed)
        var vectors = [[Float]](repeating: [Float](repeating: 0, count: dimensions), count: labels.count)
        // w = scale · v lets the regularisation shrink every weight in O(1) per step.
        var scales = [Float](repeating: 1, count: labels.count)
        var biases = [Float](repeating: 0, count: labels.count)
        var frequency = [Int](repeating: 0, count: labels.count)
        for (_, label) in examples { frequency[label] += 1 }
        let classWeight = frequency.map { $0 == 0 ? Float(0) : Float(examples.count) / Float(labels.count * $0) }
        var order = Array(examples.indices)
        var step: Float = 1
        for _ in 0..<epochs {
            order.shuffle(using: &generator)
            for index in order {
                let (x, y) = examples[index]
                let rate = 1 / (lambda * (step + 100))
                step += 1
                for label in labels.indices {
                    let target: Float = label == y ? 1 : -1
                    vectors[label].withUnsafeMutableBufferPointer { vector in
                        var dot: Float = 0
                        for (i, v) in zip(x.indices, x.values) { dot += vector[Int(i)] * v }
                        let score = scales[label] * dot + biases[label]
                        scales[label] *= 1 - rate * lambda
                        if target * score < 1 {
                            let push = rate * classWeight[y] * target / scales[label]
                            for (i, v) in zip(x.indices, x.values) { vector[Int(i)] += push * v }
                            biases[label] += rate * classWeight[y] * target * 0.1
                        }
                        if scales[label] < 1e-6 {
                            for i in vector.indices { vector[i] *= scales[label] }
                            scales[label] = 1
                        }
                    }
                }
            }
        }
        let weights = labels.indices.map { label in vectors[label].map { $0 * scales[label] } }
        return LinearModel(labels: labels, dimensions: dimensions, weights: weights, biases: biases)
    }

    /// The best label and a confidence in 0…1 (a softmax over the margins).
    public func predict(_ x: SparseVector) -> (label: String, confidence: Double) {
        let scores = labels.indices.map { label -> Float in
            var score = biases[label]
            for (i, v) in zip(x.indices, x.values) { score += weights[label][Int(i)] * v }
            return score
        }
        let best = scores.indices.max { scores[$0] < scores[$1] }!
        let exps = scores.map { exp(Double($0 - scores[best]) * 4) }
        return (labels[best], exps[best] / exps.reduce(0, +))
    }
}

extension LinearModel: Codable {
    enum CodingKeys: String, CodingKey { case labels, dimensions, indices, values, biases }

    /// Stored sparse: only non-zero weights, so a model trained on a few thousand tickets stays small.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(labels, forKey: .labels)
        try container.encode(dimensions, forKey: .dimensions)
        try container.encode(biases, forKey: .biases)
        try container.encode(weights.map { row in row.indices.filter { row[$0] != 0 } }, forKey: .indices)
        try container.encode(weights.map { row in row.filter { $0 != 0 } }, forKey: .values)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        labels = try container.decode([String].self, forKey: .labels)
        let dimensions = try container.decode(Int.self, forKey: .dimensions)
        self.dimensions = dimensions
        biases = try container.decode([Float].self, forKey: .biases)
        let indices = try container.decode([[Int]].self, forKey: .indices)
        let values = try container.decode([[Float]].self, forKey: .values)
        weights = zip(indices, values).map { indices, values in
            var row = [Float](repeating: 0, count: dimensions)
            for (i, v) in zip(indices, values) where i >= 0 && i < dimensions { row[i] = v }
            return row
        }
    }
}
