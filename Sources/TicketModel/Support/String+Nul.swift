#if canImport(Glibc)
    import Glibc
#endif

extension String {
    /// Whether the text holds U+0000, at which SQLite's text functions and every C string end it: such a text
    /// would be stored whole and read back cut. (`memchr` over the bytes: every imported title and description
    /// is asked.)
    package var holdsNul: Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        } ?? utf8.contains(0)
    }
}
