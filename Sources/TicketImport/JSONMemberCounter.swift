import Foundation

/// Counts the members of a JSON object in its text, to find a key named twice: Foundation's parser keeps one of
/// the values without a word, so a ticket's second `status` would silently replace its first. Runs over every
/// row, so it only follows strings and brackets; the keys themselves are read only when a count falls short.
enum JSONMemberCounter {
    /// The number of members of the object `bytes` hold (a colon outside strings, directly inside it, each).
    static func members(_ bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        forEachKey(in: bytes) { _ in
            count += 1
            return true
        }
        return count
    }

    /// The first key of the object `bytes` hold that an earlier member already named (as Swift compares texts, as
    /// the parsed dictionary's keys are), or nil. Our own `reject_*` keys do not count: the import ignores them,
    /// and a row rejected twice for a repeated key has them twice (see `RejectsWriter`).
    static func firstRepeatedKey(_ bytes: ArraySlice<UInt8>) -> String? {
        var seen: Set<String> = []
        var repeated: String?
        forEachKey(in: bytes) { range in
            // The key's escapes (`\u0069d` is `id`) read as the parser reads them.
            let key =
                (try? JSONSerialization.jsonObject(with: Data(bytes[range]), options: .fragmentsAllowed)) as? String
            if let key, !key.hasPrefix(RejectsWriter.columnPrefix), !seen.insert(key).inserted { repeated = key }
            return repeated == nil
        }
        return repeated
    }

    /// Calls `body` with each member's key (its quoted text, as indexes of `bytes`) until it returns false.
    private static func forEachKey(in bytes: ArraySlice<UInt8>, _ body: (Range<Int>) -> Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var depth = 0
            var index = 0
            // The last string closed directly inside the object: the key, when a colon follows.
            var lastString: Range<Int>?
            while index < buffer.count {
                switch base[index] {
                case 0x22:  // a string: its closing quote found by memchr (texts are most of a ticket's bytes)
                    guard let end = closingQuote(base, count: buffer.count, opening: index) else { return }
                    if depth == 1 { lastString = index..<(end + 1) }
                    index = end
                case 0x7B, 0x5B: depth += 1  // { [
                case 0x7D, 0x5D: depth -= 1  // } ]
                case 0x3A where depth == 1:  // :
                    guard let key = lastString else { break }
                    if !body(key.lowerBound + bytes.startIndex..<key.upperBound + bytes.startIndex) { return }
                default: break
                }
                index += 1
            }
        }
    }

    /// The index of the quote that closes the string opened at `opening`: the first after it that an even number
    /// of backslashes precedes.
    private static func closingQuote(_ base: UnsafePointer<UInt8>, count: Int, opening: Int) -> Int? {
        var from = opening + 1
        while from < count, let found = memchr(base + from, 0x22, count - from) {
            let quote = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while base[quote - 1 - backslashes] == 0x5C { backslashes += 1 }
            if backslashes % 2 == 0 { return quote }
            from = quote + 1
        }
        return nil
    }
}
