import GRDB

/// How a store fingerprints each ticket's imported content (`tickets.content_hash`). A re-import compares
/// its hashes with the stored ones, so a store keeps the scheme it was given: stores that held tickets
/// before v8 keep FNV-1a byte by byte, every other store hashes words.
enum ContentHashScheme: Int, Sendable {
    /// 64-bit FNV-1a over each field's bytes and a separator (`RowNormalizer.hash`).
    case fnv1aBytes = 1
    /// `WordHash` over each field's words and length.
    case words = 2

    /// The scheme of the store `db` belongs to.
    static func of(_ db: Database) throws -> ContentHashScheme {
        let raw = try Int.fetchOne(db, sql: "SELECT scheme FROM content_hash_scheme")
        guard let raw, let scheme = ContentHashScheme(rawValue: raw) else {
            throw DatabaseError(
                message: "the store names no known content hash scheme (\(raw.map(String.init) ?? "none"))")
        }
        return scheme
    }
}
