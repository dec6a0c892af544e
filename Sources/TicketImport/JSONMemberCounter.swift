import Foundation

/// Counts the members of a JSON object in its text, to find a key named twice: Foundation's parser keeps one of
/// the values without a word, so a ticket's second `status` would silently replace its first. Runs over every
/// row, so it only follows strings and brackets; the key itself is looked for only when a count falls short.
enum JSONMemberCounter {
    /// The number of members of the object `bytes` hold (a colon outside strings, directly inside it, each).
    static func members(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var count = 0
            var depth = 0
            var index = 0
            while index < buffer.count {
                switch base[index] {
                case 0x22:  // a string: its closing quote found by memchr (texts are most of a ticket's bytes)
                    guard let end = closingQuote(base, count: buffer.count, opening: index) else { return count }
                    index = end
                case 0x7B, 0x5B: depth += 1  // { [
                case 0x7D, 0x5D: depth -= 1  // } ]
                case 0x3A where depth == 1: count += 1  // :
                default: break
                }
                index += 1
            }
            return count
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

    /// The first key of the object `bytes` hold that an earlier member already named (as Swift compares texts, as
    /// the parsed dictionary's keys are), or nil. Our own `reject_*` keys do not count: the import ignores them,
    /// and a row rejected twice for a repeated key has them twice (see `RejectsWriter`).
    static func firstRepeatedKey(_ bytes: ArraySlice<UInt8>) -> String? {
        var seen: Set<String> = []
        var depth = 0
        var inString = false
        var escaped = false
        var stringStart = bytes.startIndex
        // The last string closed directly inside the object: the key, when a colon follows.
        var lastString: Range<Int>?
        for index in bytes.indices {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == 0x22 {
                    inString = false
                    if depth == 1 { lastString = stringStart..<(index + 1) }
                }
                continue
            }
            switch byte {
            case 0x22:
                inString = true
                stringStart = index
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D: depth -= 1
            case 0x3A where depth == 1:
                guard let range = lastString else { continue }
                // The key's escapes (`\u0069d` is `id`) read as the parser reads them.
                let key =
                    (try? JSONSerialization.jsonObject(with: Data(bytes[range]), options: .fragmentsAllowed)) as? String
                if let key, !key.hasPrefix(RejectsWriter.columnPrefix), !seen.insert(key).inserted { return key }
            default: break
            }
        }
        return nil
    }
}
