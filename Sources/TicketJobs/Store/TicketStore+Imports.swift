import GRDB

extension TicketStore {
    /// True when this exact file version was imported to completion before.
    func hasCompletedImport(of file: FileFingerprint) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM import_files
                    WHERE path = ? AND size = ? AND modified_at = ? AND status = 'completed')
                    """, arguments: [file.path, file.size, file.modifiedAt]) ?? false
        }
    }

    /// Records the start of a file's import; returns its id.
    func beginImport(of file: FileFingerprint, at time: Int64) throws -> Int64 {
        try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO import_files (path, size, modified_at, started_at, status)
                    VALUES (?, ?, ?, ?, 'running')
                    """, arguments: [file.path, file.size, file.modifiedAt, time])
            return db.lastInsertedRowID
        }
    }

    func finishImport(_ id: Int64, summary: ImportFileSummary, status: String) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    UPDATE import_files SET finished_at = strftime('%s','now'), status = ?, read = ?, inserted = ?,
                    updated = ?, unchanged = ?, rejected = ? WHERE id = ?
                    """,
                arguments: [status, summary.read, summary.inserted, summary.updated, summary.unchanged,
                            summary.rejected, id])
        }
    }
}
