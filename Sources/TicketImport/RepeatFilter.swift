import TicketModel

/// Flags the rows of a file whose id may have come earlier in it, so that the storing side looks closer: the
/// prefetcher keeps only those rows' raw text (keeping every row's measured +28 MB on a million rows).
///
/// `hashes` remembers every id's 64-bit hash (about 10 bytes a row): a hit is a repeat unless two ids share a
/// hash, which the caller rules out against the store. `bloom` is for a first load, where the empty table's
/// unique index finds repeats exactly: a fixed 1 MB Bloom filter (about 3% false hits at a million rows) only
/// decides whose raw text to keep.
struct RepeatFilter {
    enum Kind { case hashes, bloom }

    private let kind: Kind
    private var seen = Set<UInt64>()
    private var bits: [UInt64]

    init(_ kind: Kind) {
        self.kind = kind
        bits = kind == .bloom ? [UInt64](repeating: 0, count: Self.bloomWords) : []
    }

    /// 2^23 bits.
    private static let bloomWords = 1 << 17

    /// Records `id`; true when it may have been recorded before.
    mutating func insert(_ id: String) -> Bool {
        var hash = FNV1a(seed: 7)
        hash.combineField(id)
        let value = hash.value
        switch kind {
        case .hashes:
            return !seen.insert(value).inserted
        case .bloom:
            // Three probes from one hash: its low, middle and high bits (double hashing would need a second).
            var present = true
            for shift in [0, 21, 42] as [UInt64] {
                let bit = Int((value >> shift) & (UInt64(Self.bloomWords * 64) - 1))
                let mask: UInt64 = 1 << UInt64(bit & 63)
                if bits[bit >> 6] & mask == 0 {
                    present = false
                    bits[bit >> 6] |= mask
                }
            }
            return present
        }
    }
}
