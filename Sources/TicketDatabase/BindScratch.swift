import GRDB
import GRDBSQLite

/// A buffer the short texts of one statement step are copied into and bound from without SQLite copying them
/// again: bound with `SQLITE_TRANSIENT`, each label made SQLite allocate and free a block, for every row (up to
/// five labels an imported ticket). Texts that do not fit are bound as copies, as before.
///
/// The bytes stay put until `reset`, which the owner calls before binding the next step's values: SQLite reads
/// bound text only while the step runs.
final class BindScratch {
    private let bytes: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var used = 0

    init(capacity: Int = 4096) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    /// Forgets the texts of the last step.
    func reset() { used = 0 }

    /// Binds `value` (NULL for nil) to parameter `index` of `handle`.
    func bind(_ handle: SQLiteStatement, _ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        let bound =
            value.utf8.withContiguousStorageIfAvailable { text in
                guard text.count <= capacity - used else { return false }
                let start = bytes + used
                if let base = text.baseAddress { start.update(from: base, count: text.count) }
                used += text.count
                SQLiteBinding.bindInPlace(handle, index, UnsafeBufferPointer(start: start, count: text.count))
                return true
            } ?? false
        if !bound { SQLiteBinding.bindCopy(handle, index, value) }
    }
}
