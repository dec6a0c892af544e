/// What a content hash scheme mixes a ticket's fields with, so that `ContentHashScheme` lists the fields once
/// for both schemes. Absent values mix as each scheme always has.
protocol ContentHasher {
    var value: UInt64 { get }
    mutating func mix(_ text: String?)
    mutating func mix(_ integer: Int64?)
}

/// Byte by byte: each field's bytes and a separator, a number as its decimal text, an absent value as NUL.
extension FNV1a: ContentHasher {
    @inline(__always) mutating func mix(_ text: String?) { combineField(text ?? "\u{0}") }
    @inline(__always) mutating func mix(_ integer: Int64?) { combineField(integer.map { String($0) } ?? "\u{0}") }
}

extension WordHash: ContentHasher {
    @inline(__always) mutating func mix(_ text: String?) { combine(text: text) }
    @inline(__always) mutating func mix(_ integer: Int64?) { combine(integer: integer) }
}
