import GRDB
import GRDBSQLite
import TicketModel

/// Binds values straight to a prepared statement through SQLite's C API, for statements run once per row,
/// where building GRDB's `StatementArguments` costs more than the statement itself.
enum SQLiteBinding {
    /// Binds a copy of `value`'s UTF-8, or NULL for nil.
    static func bindCopy(_ handle: SQLiteStatement, _ index: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, address(bytes), Int32(bytes.count), transient)
        }
    }

    /// Binds `bytes` without copying them: they must stay valid until the statement's step has returned.
    static func bindInPlace(_ handle: SQLiteStatement, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        _ = sqlite3_bind_text(handle, index, address(bytes), Int32(bytes.count), nil)
    }

    /// Runs a statement that returns no rows; throws SQLite's error if it fails.
    static func execute(_ handle: SQLiteStatement) throws {
        guard sqlite3_step(handle) == SQLITE_DONE else { throw error(handle) }
    }

    /// Steps a bound statement through its rows, calling `body` on each (it reads the columns from the handle);
    /// throws SQLite's error if a step fails. For scans of tens of thousands of rows, where GRDB's rows cost
    /// more than reading them.
    static func forEachRow(_ handle: SQLiteStatement, _ body: () throws -> Void) throws {
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try body()
            case SQLITE_DONE: return
            default: throw error(handle)
            }
        }
    }

    private static func error(_ handle: SQLiteStatement) -> DatabaseError {
        let connection = sqlite3_db_handle(handle)
        return DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
            message: String(cString: sqlite3_errmsg(connection)))
    }

    /// An empty buffer may have no address, which SQLite would read as NULL.
    private static func address(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar> {
        UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(empty.utf8Start)).assumingMemoryBound(to: CChar.self)
    }

    private static let empty: StaticString = ""

    /// SQLite's "copy the bytes now" destructor, which the C macro spells `((sqlite3_destructor_type)-1)`.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
