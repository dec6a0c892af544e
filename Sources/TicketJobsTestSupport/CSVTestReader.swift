import Foundation
import TicketImport

/// A CSV file as rows keyed by its header, read and written with the product's own CSV code, so tests can
/// edit a file the way a person in a spreadsheet would.
public struct CSVTestReader {
    public var header: [String]
    public var rows: [[String: String]]

    public init(path: String) throws {
        let reader = try CSVRecordReader(source: try ByteSource(path: path), delimiter: .auto)
        header = try reader.next()?.fields ?? []
        var rows: [[String: String]] = []
        while let record = try reader.next() {
            rows.append(Dictionary(zip(header, record.fields), uniquingKeysWith: { first, _ in first }))
        }
        self.rows = rows
    }

    public static func write(_ rows: [[String: String]], header: [String], to path: String) throws {
        var writer = CSVLineWriter()
        var bytes = writer.line(header)
        for row in rows { bytes += writer.line(header.map { row[$0] ?? "" }) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
