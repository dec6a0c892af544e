import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Reads a file one line at a time in fixed-size chunks, so a batch's results (up to 100,000 lines) are
/// never held in memory whole.
final class JSONLinesReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var atEnd = false
    private static let chunkSize = 1 << 20

    init(url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
    }

    deinit {
        try? handle.close()
    }

    /// The next line without its line ending, or nil at the end of the file.
    func next() throws -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = buffer[buffer.startIndex..<newline]
                buffer = buffer[(newline + 1)...]
                if line.last == 0x0D { line = line.dropLast() }
                return Data(line)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = Data() }
                return Data(buffer)
            }
            let chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer = Data(buffer) + chunk }
        }
    }
}
