extension String {
    /// The string without leading and trailing whitespace and newlines.
    ///
    /// Returns `self` untouched in the common case; Foundation's
    /// `trimmingCharacters(in:)` bridges through UTF-16 and was a fifth of a million-row import's time.
    package var trimmed: String {
        // ASCII ends that are not whitespace: nothing to trim, decided from two bytes.
        // (`utf8.last` walks the generic path: reading the contiguous bytes is several times cheaper.)
        let ends = utf8.withContiguousStorageIfAvailable { $0.isEmpty ? nil : ($0[0], $0[$0.count - 1]) } ?? nil
        if let (head, tail) = ends, head < 0x80, tail < 0x80, !Self.isASCIIWhitespace(head),
            !Self.isASCIIWhitespace(tail)
        {
            return self
        }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return self }
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
