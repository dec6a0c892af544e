import CLibLinear

/// Training documents as liblinear reads them: one buffer of `feature_node`s holding each document's features
/// (1-based indices, in increasing order), a bias node and a terminator. Built once, shared by both label kinds.
///
/// The buffer is allocated at its full budget up front and never moved, so row pointers stay valid; pages
/// never written are never resident, so a small training set costs little memory.
final class FeatureMatrix {
    /// Buckets while counting; features once weighed.
    private(set) var dimensions: Int
    let capacity: Int
    private let nodes: UnsafeMutablePointer<feature_node>
    private(set) var count = 0
    private(set) var starts: [Int] = []

    /// `budget`: the most nodes (16 bytes each) the matrix may hold.
    init(dimensions: Int, budget: Int) {
        self.dimensions = dimensions
        capacity = max(budget, 2)
        nodes = .allocate(capacity: capacity)
    }

    deinit { nodes.deallocate() }

    var rows: Int { starts.count }

    /// Adds a document's term counts if they fit in the budget (false if not), until `weighRows` weighs them:
    /// word counts as positive values, character n-gram counts as negative ones.
    func append(words: [TermCount], characters: [TermCount]) -> Bool {
        guard count + words.count + characters.count + 2 <= capacity else { return false }
        starts.append(count)
        for term in words {
            nodes[count] = feature_node(index: term.bucket + 1, value: Double(term.count))
            count += 1
        }
        for term in characters {
            nodes[count] = feature_node(index: term.bucket + 1, value: -Double(term.count))
            count += 1
        }
        nodes[count] = feature_node(index: Int32(dimensions + 1), value: 1)
        nodes[count + 1] = feature_node(index: -1, value: 0)
        count += 2
        return true
    }

    /// The row's first node, where liblinear reads it from.
    func row(_ index: Int) -> UnsafeMutablePointer<feature_node> { nodes + starts[index] }

    /// Replaces every row's term counts by `weigh`'s features (0..<`features`), moving rows down where they
    /// got shorter (a bucket both a word and a character n-gram hit becomes one feature).
    func weighRows(features: Int, _ weigh: (_ words: [TermCount], _ characters: [TermCount]) -> SparseVector) {
        let countingEnd = Int32(dimensions + 1)
        var write = 0
        for row in starts.indices {
            var read = starts[row]
            var words: [TermCount] = []
            var characters: [TermCount] = []
            while nodes[read].index != countingEnd {
                let node = nodes[read]
                if node.value > 0 {
                    words.append(TermCount(bucket: node.index - 1, count: Int32(node.value)))
                } else {
                    characters.append(TermCount(bucket: node.index - 1, count: Int32(-node.value)))
                }
                read += 1
            }
            let vector = weigh(words, characters)
            starts[row] = write
            for (index, value) in zip(vector.indices, vector.values) {
                nodes[write] = feature_node(index: index + 1, value: Double(value))
                write += 1
            }
            nodes[write] = feature_node(index: Int32(features + 1), value: 1)
            nodes[write + 1] = feature_node(index: -1, value: 0)
            write += 2
        }
        count = write
        dimensions = features
    }

    /// The row's features (its bias node left out).
    func vector(row index: Int) -> SparseVector {
        var vector = SparseVector(indices: [], values: [])
        var node = row(index)
        while node.pointee.index != -1 {
            if Int(node.pointee.index) <= dimensions {
                vector.indices.append(node.pointee.index - 1)
                vector.values.append(Float(node.pointee.value))
            }
            node += 1
        }
        return vector
    }
}
