/// Tickets in the backlog per window of creation (an age bucket, or a period), category and priority ("" where
/// missing), summed from the cohorts and the tickets read one by one (some subtracted).
struct BacklogAgeCounts {
    let buckets: Int
    private var counts: [String: [String: [Int]]] = [:]

    init(buckets: Int) {
        self.buckets = buckets
    }

    mutating func add(category: String, priority: String, bucket: Int, tickets: Int) {
        counts[category, default: [:]][priority, default: Array(repeating: 0, count: buckets)][bucket] += tickets
    }

    /// The non-zero counts, in order of labels and bucket.
    var labelCounts: [LabelCount] {
        counts.sorted { $0.key < $1.key }.flatMap { category, byPriority in
            byPriority.sorted { $0.key < $1.key }.flatMap { priority, buckets in
                buckets.enumerated().filter { $0.element != 0 }.map {
                    LabelCount(category: category, priority: priority, bucket: $0.offset, tickets: $0.element)
                }
            }
        }
    }
}
