/// 64-bit FNV-1a: a stable hash for content fingerprints and feature buckets (Swift's `Hasher` is
/// seeded per process, so its values cannot be stored or compared across runs).
package struct FNV1a {
    package private(set) var value: UInt64

    package init(seed: UInt64 = 0) {
        value = 0xcbf2_9ce4_8422_2325 ^ (seed &* 0x9E37_79B9_7F4A_7C15)
    }

    package mutating func combine<C: Sequence<UInt8>>(_ bytes: C) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    /// Adds a string followed by a separator, so that ("ab", "c") and ("a", "bc") differ.
    package mutating func combineField(_ text: String) {
        // Over the contiguous UTF-8 buffer: several times faster than iterating `utf8` generically.
        var text = text
        var value = self.value
        text.withUTF8 { bytes in
            for byte in bytes {
                value ^= UInt64(byte)
                value = value &* 0x0000_0100_0000_01B3
            }
        }
        self.value = value
        combine(CollectionOfOne(0x1F))
    }
}
