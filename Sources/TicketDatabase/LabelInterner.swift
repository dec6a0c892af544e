import GRDB
import GRDBSQLite

/// Numbers the distinct labels of a column as a statement's rows go by, comparing the bytes SQLite hands over
/// with those seen before: a few labels, read for tens of thousands of rows, need no string per row.
struct LabelInterner {
    /// The number of the label in `column` of the row `handle` stands on (NULL counts as "").
    mutating func index(column: Int32, of handle: SQLiteStatement) -> Int {
        index(sqlite3_column_text(handle, column), count: Int(sqlite3_column_bytes(handle, column)))
    }

    private(set) var labels: [String] = []
    private var bytes: [[UInt8]] = []

    /// The number of the label whose UTF-8 is `text` (nil or empty for none: "").
    mutating func index(_ text: UnsafePointer<UInt8>?, count: Int) -> Int {
        let value = UnsafeBufferPointer(start: text, count: text == nil ? 0 : count)
        for (index, known) in bytes.enumerated() where known.count == value.count {
            if known.elementsEqual(value) { return index }
        }
        bytes.append(Array(value))
        labels.append(String(decoding: value, as: UTF8.self))
        return bytes.count - 1
    }
}
