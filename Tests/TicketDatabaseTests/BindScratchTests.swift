import GRDB
import GRDBSQLite
import Testing

@testable import TicketDatabase

@Suite struct BindScratchTests {
    /// Each step reads what was bound for it: short texts (inline in their String), longer ones, other
    /// scripts, empty text (not NULL), NULL, and a text larger than the buffer (bound as a copy), over steps
    /// that each start the buffer again.
    @Test func eachStepReadsTheTextsBoundForIt() throws {
        let queue = try DatabaseQueue()
        let scratch = BindScratch(capacity: 64)
        let long = String(repeating: "ü", count: 100)
        let steps: [[String?]] = [
            ["billing", "high", nil, ""],
            ["a much longer label than fits inline", "日本語のラベル", "in_progress", "x"],
            [long, "after the long one", "open", nil],
            ["billing", long, "short", "again"],
        ]
        try queue.inDatabase { db in
            let statement = try db.makeStatement(sql: "SELECT ?1, ?2, ?3, ?4")
            let handle = statement.sqliteStatement
            for values in steps {
                sqlite3_reset(handle)
                scratch.reset()
                for (index, value) in values.enumerated() { scratch.bind(handle, Int32(index + 1), value) }
                #expect(sqlite3_step(handle) == SQLITE_ROW)
                let read: [String?] = (0..<4).map { column in
                    sqlite3_column_type(handle, column) == SQLITE_NULL
                        ? nil : String(cString: sqlite3_column_text(handle, column))
                }
                #expect(read == values)
            }
            sqlite3_reset(handle)
        }
    }
}
