/// Instants (seconds) of recent events, oldest first, forgetting those that fall out of a window in amortised
/// constant time: the successes the pacer counts, the sends the limiter measures its actual rate by.
struct RecentInstants: Sendable, Equatable {
    private var instants: [Double] = []
    /// Where the remembered instants start; those before it are forgotten, removed in bulk now and then.
    private var start = 0

    mutating func append(_ instant: Double) { instants.append(instant) }

    /// Forgets the instants before `instant`.
    mutating func forget(before instant: Double) {
        while start < instants.count, instants[start] < instant { start += 1 }
        if start > 4096, start * 2 > instants.count {
            instants.removeFirst(start)
            start = 0
        }
    }

    var count: Int { instants.count - start }
    var oldest: Double? { start < instants.count ? instants[start] : nil }
}
