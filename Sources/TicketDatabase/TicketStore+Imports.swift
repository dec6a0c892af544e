import Foundation
import GRDB
import TicketModel

extension TicketStore {
    /// True when this exact file version was imported to completion before.
    public func hasCompletedImport(of file: FileFingerprint, settings: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM import_files
                    WHERE path = ? AND size = ? AND modified_at = ? AND status = 'completed' AND settings IS ?)
                    """, arguments: [file.path, file.size, file.modifiedAt, settings]) ?? false
        }
    }

    /// Records the start of a file's import; returns its id.
    public func beginImport(of file: FileFingerprint, settings: String, at time: Int64) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO import_files (path, size, modified_at, started_at, status, pid, settings)
                    VALUES (?, ?, ?, ?, 'running', ?, ?)
                    """, arguments: [file.path, file.size, file.modifiedAt, time, Int(getpid()), settings])
            return db.lastInsertedRowID
        }
    }

    /// Records how a file's import ended, with its row counts.
    public func finishImport(_ id: Int64, counts: ImportCounts, status: ImportStatus) throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE import_files SET finished_at = strftime('%s','now'), status = ?, read = ?, inserted = ?,
                    updated = ?, unchanged = ?, rejected = ? WHERE id = ?
                    """,
                arguments: [status.rawValue, counts.read, counts.inserted, counts.updated, counts.unchanged,
                            counts.rejected, id])
        }
    }
}

extension ContentHashScheme {
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
