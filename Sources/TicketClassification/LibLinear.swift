import CLibLinear
import Foundation

/// liblinear's L2-regularised, L2-loss linear SVM solved in the dual (scikit-learn's `LinearSVC` defaults),
/// one versus the rest, with class weights balanced by frequency so that rare classes are not drowned by
/// common ones. The dual solver costs time in the features each ticket has, not in the model's dimensions.
enum LibLinear {
    /// Trains on `rows` of `matrix` with label indices `targets` (0..<labelCount). Returns feature-major weights
    /// (`labelCount` per feature) and biases; a label with no example gets a bias of −∞, so it is never chosen.
    static func train(
        matrix: FeatureMatrix, rows: [Int], targets: [Int], labelCount: Int, cost: Double
    ) -> (weights: [Float], biases: [Float]) {
        _ = silence
        let dimensions = matrix.dimensions
        var weights = [Float](repeating: 0, count: dimensions * labelCount)
        var biases = [Float](repeating: -.infinity, count: labelCount)
        let present = Set(targets).sorted()
        guard present.count > 1 else {
            // One label only: liblinear would learn nothing; that label is the answer.
            if let only = present.first { biases[only] = 0 }
            return (weights, biases)
        }
        var x = rows.map { Optional(matrix.row($0)) }
        var y = targets.map(Double.init)
        var weightLabels = present.map { Int32($0) }
        let frequency = Dictionary(targets.map { ($0, 1) }, uniquingKeysWith: +)
        var classWeights = present.map { Double(targets.count) / Double(present.count * frequency[$0]!) }
        x.withUnsafeMutableBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                weightLabels.withUnsafeMutableBufferPointer { weightLabels in
                    classWeights.withUnsafeMutableBufferPointer { classWeights in
                        var problem = CLibLinear.problem(
                            l: Int32(rows.count), n: Int32(dimensions + 1), y: y.baseAddress, x: x.baseAddress, bias: 1)
                        var parameter = CLibLinear.parameter(
                            solver_type: Int32(L2R_L2LOSS_SVC_DUAL), eps: 0.1, C: cost, nr_weight: Int32(present.count),
                            weight_label: weightLabels.baseAddress, weight: classWeights.baseAddress, p: 0.1, init_sol: nil)
                        precondition(check_parameter(&problem, &parameter) == nil, "invalid liblinear parameters")
                        // The dual solver visits examples in an order drawn from the C library's rand(): seeded and
                        // held under a lock, so that the same tickets give the same model.
                        lock.lock()
                        srand(1)
                        var trained = CLibLinear.train(&problem, &parameter)
                        lock.unlock()
                        defer { free_and_destroy_model(&trained) }
                        guard let model = trained else { return }
                        let classes = Int(get_nr_class(model))
                        var order = [Int32](repeating: 0, count: classes)
                        get_labels(model, &order)
                        for (column, label) in order.enumerated() {
                            let label = Int(label)
                            biases[label] = Float(get_decfun_bias(model, Int32(column)))
                            for feature in 0..<dimensions {
                                weights[feature * labelCount + label] = Float(
                                    get_decfun_coef(model, Int32(feature + 1), Int32(column)))
                            }
                        }
                    }
                }
            }
        }
        return (weights, biases)
    }

    private static let lock = NSLock()

    /// liblinear prints its iterations to stdout, which carries our commands' results: silenced once.
    private static let silence: Void = set_print_string_function { _ in }
}
