import CLibCSV
import TicketModel
import TicketDatabase

/// Formats CSV records with libcsv's quoting (every field quoted, quotes doubled), lines ending in CRLF
/// as RFC 4180 asks.
public struct CSVLineWriter {
    private var scratch = [UInt8](repeating: 0, count: 4096)
    private let delimiter: UInt8

    public init(delimiter: UInt8 = 0x2C) {
        self.delimiter = delimiter
    }

    /// One record as bytes, terminator included.
    public mutating func line(_ fields: [String]) -> [UInt8] {
        var output: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(delimiter) }
            var source = Array(field.utf8)
            let needed = 2 * source.count + 2
            if scratch.count < needed { scratch = [UInt8](repeating: 0, count: needed) }
            let written = source.withUnsafeMutableBytes { sourceBytes in
                scratch.withUnsafeMutableBytes { destination in
                    csv_write(destination.baseAddress, destination.count, sourceBytes.baseAddress, sourceBytes.count)
                }
            }
            output.append(contentsOf: scratch[0..<written])
        }
        output.append(contentsOf: [0x0D, 0x0A])
        return output
    }
}
