/// A stable 64-bit hash that takes eight bytes a step: FNV-1a's xor-and-multiply over little-endian words,
/// with a rotation first so that every bit of the state reaches the low bits. Each step is a bijection of
/// the state, so inputs that differ in a single word always hash differently.
///
/// It fingerprints imported tickets in stores made since v8: FNV-1a byte by byte took a ninth of a first
/// load's storing thread, eight times the multiplications.
struct WordHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    mutating func combine(word: UInt64) {
        value = ((value << 23 | value >> 41) ^ word) &* Self.prime
    }

    /// Adds `text`'s UTF-8 bytes, then its length: ("ab", "c") and ("a", "bc") differ.
    mutating func combine(text: String) {
        var text = text
        var hash = self
        text.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var offset = 0
            while offset + 8 <= raw.count {
                hash.combine(word: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += 8
            }
            // The last 1-7 bytes, as one word with the bytes past the end zero.
            if offset < raw.count {
                var word: UInt64 = 0
                for (shift, byte) in raw[offset...].enumerated() { word |= UInt64(byte) << (8 * UInt64(shift)) }
                hash.combine(word: word)
            }
            hash.combine(word: UInt64(raw.count))
        }
        self = hash
    }

    /// Adds an optional text; nil differs from every text, the empty one included.
    mutating func combine(text: String?) {
        guard let text else { return combine(word: .max) }
        combine(text: text)
    }

    /// Adds an optional integer, with a word saying whether there is one.
    mutating func combine(integer: Int64?) {
        combine(word: integer == nil ? 0 : 1)
        if let integer { combine(word: UInt64(bitPattern: integer)) }
    }
}
