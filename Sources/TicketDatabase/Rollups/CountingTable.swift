/// Counts under packed integer keys: open addressing with linear probing and a multiplicative hash.
///
/// A first load updates several of these per row; `Dictionary` hashes each key with SipHash, which took most
/// of the rollup counter's time (a tenth of the storing thread's). The keys are the counter's packed ones,
/// never `Int64.min`, which marks an empty slot.
struct CountingTable<Value> {
    private var keys: [Int64]
    private var values: [Value]
    private let zero: Value
    /// Slots in use.
    private(set) var count = 0
    private var shift: UInt64

    private static var empty: Int64 { .min }

    /// A table whose entries start at `zero` when first updated.
    init(zero: Value) {
        self.zero = zero
        let bits: UInt64 = 10
        keys = Array(repeating: Self.empty, count: 1 << bits)
        values = Array(repeating: zero, count: 1 << bits)
        shift = 64 - bits
    }

    /// Changes the entry of `key` in place, creating it (at `zero`) first if need be.
    mutating func update(_ key: Int64, _ change: (inout Value) -> Void) {
        precondition(key != Self.empty, "the counting table's empty key")
        var slot = slot(of: key)
        if keys[slot] != key {
            // Half full at most: probes stay short.
            if (count + 1) * 2 > keys.count {
                grow()
                slot = self.slot(of: key)
            }
            keys[slot] = key
            count += 1
        }
        change(&values[slot])
    }

    /// The value of `key`, or nil when it was never updated.
    subscript(key: Int64) -> Value? {
        let slot = slot(of: key)
        return keys[slot] == key ? values[slot] : nil
    }

    /// Every entry, by key ascending.
    var sorted: [(key: Int64, value: Value)] {
        keys.indices.filter { keys[$0] != Self.empty }.map { (keys[$0], values[$0]) }.sorted { $0.key < $1.key }
    }

    /// The slot holding `key`, or the empty one where it would go.
    private func slot(of key: Int64) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[slot] != key && keys[slot] != Self.empty { slot = (slot + 1) & mask }
        return slot
    }

    private mutating func grow() {
        let old = (keys, values)
        keys = Array(repeating: Self.empty, count: old.0.count * 2)
        values = Array(repeating: zero, count: old.0.count * 2)
        shift -= 1
        for index in old.0.indices where old.0[index] != Self.empty {
            let slot = slot(of: old.0[index])
            keys[slot] = old.0[index]
            values[slot] = old.1[index]
        }
    }
}
