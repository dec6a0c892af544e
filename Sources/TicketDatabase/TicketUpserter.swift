import Foundation
import GRDB
import GRDBSQLite
import TicketModel

/// Inserts or updates imported tickets through one prepared statement, binding values straight to SQLite:
/// GRDB's record layer costs more than half the import's time at a million rows.
///
/// The statement's `WHERE` clause skips a ticket whose imported content has not changed. The outcome is read
/// from the connection: no change (unchanged), a new rowid (inserted), else updated. `RETURNING` would say
/// the same but builds an ephemeral table per row, which cost a third of the insert time.
/// A label the export leaves empty keeps what the classifier or a person set; one it gives as the ticket already
/// has keeps where it came from (the store's own export read back, or the help desk's with the labels a
/// classifier gave: those stay a classifier's, which the local model never learns from).
final class TicketUpserter {
    typealias Outcome = BulkLoader.Outcome

    private let statement: Statement
    /// A plain insert, for a first load into an empty table; nil otherwise.
    private let insert: Statement?
    let scheme: ContentHashScheme
    /// Where a ticket came from, for a repeat's message.
    private let lineLookup: Statement
    /// Takes a ticket the export now labels out of the review queue: a suggestion for labels it has is moot.
    private let unqueue: Statement
    /// Whether the upsert's ?24-?26 hold the last row's hashes rather than NULL.
    private var equivalentLabelFreeBound = false
    /// Where the labels and the export's own columns are bound from.
    private let scratch = BindScratch()

    /// With `firstLoad`, rows go in by a plain `INSERT` (SQLite then needs no statement journal per row), and
    /// only an id the load has seen already goes through the upsert.
    init(_ db: Database, firstLoad: Bool = false) throws {
        statement = try db.makeStatement(sql: Self.sql)
        scheme = try ContentHashScheme.of(db)
        insert = firstLoad ? try db.makeStatement(sql: Self.insertSQL) : nil
        lineLookup = try db.makeStatement(sql: "SELECT source_line FROM tickets WHERE external_id = ?")
        unqueue = try db.makeStatement(
            sql: "DELETE FROM review_queue WHERE ticket_id = (SELECT id FROM tickets WHERE external_id = ?)")
    }

    /// `SQLITE_CONSTRAINT_UNIQUE`, a C macro Swift does not import.
    private static let uniqueConstraintFailed = SQLITE_CONSTRAINT | (8 << 8)

    static let insertSQL = """
        INSERT INTO tickets (external_id, title, description, category, category_source, priority,
            priority_source, status, created_at, resolved_at, source_file, source_line, imported_at,
            content_hash, revision, assignee, group_name, channel, tags, first_response_at, satisfaction, attributes)
        VALUES (?1, ?2, ?3, ?4, CASE WHEN ?4 IS NULL THEN NULL ELSE COALESCE(?27, 'imported') END, ?5,
            CASE WHEN ?5 IS NULL THEN NULL ELSE COALESCE(?28, 'imported') END, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0,
            ?13, ?14, ?15, ?16, ?17, ?18, ?19)
        """

    /// The insert, updating a ticket with the same id unless its imported content is unchanged: the same hash
    /// (?20: its attributes in the other format's key order), or the same but for labels the ticket has been
    /// given since, as the file now gives them (?21-?23: `LabelFreeHashes`; ?24-?26: those of the other key
    /// order). A label a person set (`manual`) stays, whatever the file says. A label the file gives, new to the
    /// ticket, comes from where the file says (?27, ?28: our export's `label_source`), else from the file.
    static let sql =
        insertSQL + """

        ON CONFLICT (external_id) DO UPDATE SET
            title = excluded.title,
            description = excluded.description,
            category = CASE WHEN tickets.category_source = 'manual' THEN tickets.category
                ELSE COALESCE(excluded.category, tickets.category) END,
            category_source = CASE WHEN excluded.category IS NULL OR tickets.category_source = 'manual'
                OR excluded.category IS tickets.category THEN tickets.category_source ELSE excluded.category_source END,
            priority = CASE WHEN tickets.priority_source = 'manual' THEN tickets.priority
                ELSE COALESCE(excluded.priority, tickets.priority) END,
            priority_source = CASE WHEN excluded.priority IS NULL OR tickets.priority_source = 'manual'
                OR excluded.priority IS tickets.priority THEN tickets.priority_source ELSE excluded.priority_source END,
            status = excluded.status,
            created_at = excluded.created_at,
            resolved_at = excluded.resolved_at,
            source_file = excluded.source_file,
            source_line = excluded.source_line,
            imported_at = excluded.imported_at,
            content_hash = excluded.content_hash,
            assignee = excluded.assignee,
            group_name = excluded.group_name,
            channel = excluded.channel,
            tags = excluded.tags,
            first_response_at = excluded.first_response_at,
            satisfaction = excluded.satisfaction,
            attributes = excluded.attributes,
            revision = tickets.revision + 1
        WHERE tickets.content_hash IS NOT excluded.content_hash AND tickets.content_hash IS NOT ?20
            AND NOT ((tickets.content_hash IS ?21 OR tickets.content_hash IS ?22 OR tickets.content_hash IS ?23
                    OR tickets.content_hash IS ?24 OR tickets.content_hash IS ?25 OR tickets.content_hash IS ?26)
                AND (excluded.category IS NULL OR excluded.category IS tickets.category)
                AND (excluded.priority IS NULL OR excluded.priority IS tickets.priority))
        """

    func upsert(_ row: NormalizedRow, file: String, line: Int, importedAt: Int64) throws -> Outcome {
        if let insert {
            let hash = row.preparedHash ?? row.contentHash(scheme)
            switch step(insert, row, hash: hash, file: file, line: line, importedAt: importedAt) {
            case SQLITE_DONE: return .inserted
            case Self.uniqueConstraintFailed:
                // Seen earlier in this load, which began on an empty table: a repeat within the file.
                sqlite3_reset(insert.sqliteStatement)
                return .repeated(firstLine: try storedLine(of: row.ticket.id) ?? 0)
            case let code: throw error(insert, code)
            }
        }
        let (hash, labelFree) =
            row.preparedHash.map { ($0, row.preparedLabelFreeHashes) } ?? row.contentHashes(scheme)
        let connection = sqlite3_db_handle(statement.sqliteStatement)
        // An upsert's update leaves the last insert rowid alone; an insert sets it, never to 0 (rowids start at 1).
        sqlite3_set_last_insert_rowid(connection, 0)
        // The same attributes in another key order (a JSON export's ticket read back from a CSV) change nothing,
        // with the labels the ticket was given since or without.
        let equivalent = row.preparedEquivalentHash.map { ($0, row.preparedEquivalentLabelFreeHashes) }
            ?? row.equivalentHashes(scheme).map { ($0.hash, $0.labelFree) }
        let code = step(
            statement, row, hash: hash, equivalentHash: equivalent?.0 ?? hash, labelFree: labelFree,
            equivalentLabelFree: equivalent?.1, file: file, line: line, importedAt: importedAt)
        guard code == SQLITE_DONE else { throw error(statement, code) }
        if sqlite3_changes(connection) == 0 { return .unchanged }
        if sqlite3_last_insert_rowid(connection) != 0 { return .inserted }
        if row.ticket.category != nil, row.ticket.priority != nil {
            try unqueue.execute(arguments: [row.ticket.id])
        }
        return .updated
    }

    /// Binds the row to `statement` and runs it; returns SQLite's (extended) result code.
    ///
    /// The texts are bound where the strings keep them, valid until the step returns (`SQLITE_STATIC`):
    /// copying ~500 bytes per row into SQLite first showed in profiles. Every step rebinds all of them.
    private func step(
        _ statement: Statement, _ row: NormalizedRow, hash: Int64, equivalentHash: Int64? = nil,
        labelFree: LabelFreeHashes? = nil, equivalentLabelFree: LabelFreeHashes? = nil, file: String, line: Int,
        importedAt: Int64
    ) -> Int32 {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        // The upsert's hash under which the stored ticket is unchanged too (the plain insert has none).
        if let equivalentHash {
            sqlite3_bind_int64(handle, 20, equivalentHash)
            // Without them (a row prepared elsewhere), the row's own hash: the comparison before says no more.
            sqlite3_bind_int64(handle, 21, labelFree?.withoutCategory ?? hash)
            sqlite3_bind_int64(handle, 22, labelFree?.withoutPriority ?? hash)
            sqlite3_bind_int64(handle, 23, labelFree?.withoutEither ?? hash)
            // Most rows have no other key order: their ?24-?26 stay NULL, which no stored hash is (NOT NULL),
            // rebound only after a row that set them (three binds a row showed as 2% of a re-import's CPU).
            if let equivalentLabelFree {
                sqlite3_bind_int64(handle, 24, equivalentLabelFree.withoutCategory)
                sqlite3_bind_int64(handle, 25, equivalentLabelFree.withoutPriority)
                sqlite3_bind_int64(handle, 26, equivalentLabelFree.withoutEither)
                equivalentLabelFreeBound = true
            } else if equivalentLabelFreeBound {
                for index: Int32 in 24...26 { sqlite3_bind_null(handle, index) }
                equivalentLabelFreeBound = false
            }
        }
        let ticket = row.ticket
        scratch.reset()
        scratch.bind(handle, 4, ticket.category?.rawValue)
        scratch.bind(handle, 5, ticket.priority?.rawValue)
        scratch.bind(handle, 6, ticket.status.rawValue)
        sqlite3_bind_int64(handle, 7, UTCTimestamp.epochSeconds(ticket.createdAt))
        if let resolvedAt = ticket.resolvedAt {
            sqlite3_bind_int64(handle, 8, UTCTimestamp.epochSeconds(resolvedAt))
        } else {
            sqlite3_bind_null(handle, 8)
        }
        sqlite3_bind_int64(handle, 10, Int64(line))
        sqlite3_bind_int64(handle, 11, importedAt)
        sqlite3_bind_int64(handle, 12, hash)
        // The export's own columns (nil binds NULL).
        scratch.bind(handle, 13, ticket.assignee)
        scratch.bind(handle, 14, ticket.group)
        scratch.bind(handle, 15, ticket.channel)
        scratch.bind(handle, 16, ticket.tags.isEmpty ? nil : TicketRecord.encodeTags(ticket.tags))
        if let firstResponse = ticket.firstResponseAt {
            sqlite3_bind_int64(handle, 17, UTCTimestamp.epochSeconds(firstResponse))
        } else {
            sqlite3_bind_null(handle, 17)
        }
        scratch.bind(handle, 18, ticket.satisfaction)
        scratch.bind(handle, 19, ticket.attributes)
        scratch.bind(handle, 27, row.categorySource?.rawValue)
        scratch.bind(handle, 28, row.prioritySource?.rawValue)
        var (id, title, description, file) = (ticket.id, ticket.title, ticket.description, file)
        return id.withUTF8 { id in
            title.withUTF8 { title in
                description.withUTF8 { description in
                    file.withUTF8 { file in
                        SQLiteBinding.bindInPlace(handle, 1, id)
                        SQLiteBinding.bindInPlace(handle, 2, title)
                        SQLiteBinding.bindInPlace(handle, 3, description)
                        SQLiteBinding.bindInPlace(handle, 9, file)
                        let code = sqlite3_step(handle)
                        return code == SQLITE_DONE ? code : sqlite3_extended_errcode(sqlite3_db_handle(handle))
                    }
                }
            }
        }
    }

    /// The line the stored ticket with this id came from (0 when none was recorded), or nil when there is no
    /// such ticket.
    func storedLine(of id: String) throws -> Int? {
        try Row.fetchOne(lineLookup, arguments: [id]).map { $0[0] ?? 0 }
    }

    private func error(_ statement: Statement, _ code: Int32) -> DatabaseError {
        let handle = statement.sqliteStatement
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
        sqlite3_reset(handle)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
    }
}
