import CLibCSV
import Foundation
import TicketModel
import TicketDatabase

/// Streams the records of an RFC 4180 CSV file through libcsv, in constant memory.
///
/// libcsv does the quoting (embedded delimiters, doubled quotes, quoted newlines). This type adds what
/// it does not know about: the physical line each record starts on (counted from the newlines inside
/// fields and between records), a UTF-8 byte-order mark, invalid UTF-8, and a file that ends inside an
/// open quoted field.
public final class CSVRecordReader {
    private let source: ByteSource
    private var parser = csv_parser()
    private let context = Context()
    private var buffer: [UInt8]
    private let chunkSize: Int
    private var finished = false
    private var firstChunk = true
    private var nextReady = 0

    private let requestedDelimiter: CSVDelimiter
    /// The delimiter in use: the one asked for, or the one sniffed from the header line (`auto`).
    public private(set) var delimiter: CSVDelimiter = .comma

    /// Bytes consumed so far, for progress.
    public private(set) var bytesRead: Int = 0

    /// Creates a reader over `source`, reading `chunkSize` bytes at a time. A field longer than
    /// `maxFieldBytes` is dropped as it grows (its record is marked), so that an unterminated quote in a large
    /// file, or a file of no line breaks, keeps memory at the limit plus a chunk.
    public init(
        source: ByteSource, chunkSize: Int = 1 << 20, maxFieldBytes: Int = ImportOptions.defaultMaxFieldBytes,
        delimiter: CSVDelimiter = .comma
    ) throws {
        self.source = source
        requestedDelimiter = delimiter
        self.chunkSize = max(1, chunkSize)
        context.maxFieldBytes = max(1, maxFieldBytes)
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 3))
        // Report every newline so lines can be counted; keep spaces, which RFC 4180 says are data.
        guard csv_init(&parser, UInt8(CSV_REPALL_NL)) == 0 else {
            throw ImportError.unreadable(file: source.name, reason: "libcsv could not be initialised")
        }
        csv_set_space_func(&parser) { _ in 0 }
    }

    deinit {
        csv_free(&parser)
    }

    /// Returns the next non-empty record, or nil at the end of the input.
    public func next() throws -> CSVRecord? {
        // A chunk's records are handed out in order by index: removing from the front would shift the
        // rest each time (quadratic in the records per chunk).
        while nextReady >= context.ready.count {
            context.ready.removeAll(keepingCapacity: true)
            nextReady = 0
            if finished { return nil }
            try fill()
        }
        defer { nextReady += 1 }
        return context.ready[nextReady]
    }

    private func fill() throws {
        var count = try buffer.withUnsafeMutableBytes {
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<chunkSize]))
        }
        var start = 0
        if firstChunk {
            // The byte-order mark and the header line may arrive split over reads: gather the first line (or a
            // whole chunk) before looking at them, to sniff the delimiter from the whole header.
            firstChunk = false
            while count > 0 && count < chunkSize && !buffer[0..<count].contains(0x0A) {
                let more = try buffer.withUnsafeMutableBytes {
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[count..<chunkSize]))
                }
                if more == 0 { break }
                count += more
            }
            if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
            // Excel's `sep=;` line names the delimiter and is no header: skipped, counted as line 1.
            let hint = Self.separatorHint(buffer[start..<count])
            if let hint {
                start += hint.length
                context.line = 2
                context.recordStart = 2
            }
            delimiter =
                requestedDelimiter != .auto ? requestedDelimiter : hint?.delimiter ?? CSVDelimiter.sniff(buffer[start..<count])
            csv_set_delim(&parser, delimiter.byte!)
        }
        let pointer = Unmanaged.passUnretained(context).toOpaque()
        if count == 0 {
            finished = true
            // A quoted field still open at the end of input: the rest of the file was swallowed into it.
            context.unterminated = parser.pstate == 2 && parser.quoted != 0
            csv_fini(&parser, fieldCallback, recordCallback, pointer)
            return
        }
        bytesRead += count
        let parsed = buffer.withUnsafeBytes { raw in
            csv_parse(&parser, raw.baseAddress! + start, count - start, fieldCallback, recordCallback, pointer)
        }
        if parsed != count - start {
            throw ImportError.unreadable(
                file: source.name, reason: String(cString: csv_strerror(csv_error(&parser))))
        }
        // A field still open at the end of the chunk and already over the limit: drop what libcsv holds of
        // it (counting its line breaks), and let the record know when the field ends.
        if parser.entry_pos > context.maxFieldBytes {
            context.countLines(UnsafeRawBufferPointer(start: parser.entry_buf, count: parser.entry_pos))
            parser.entry_pos = 0
            context.droppingField = true
        }
    }

    /// A first line `sep=X` (as Excel writes and reads it) for one of the four delimiters, and its length with its
    /// line break.
    static func separatorHint(_ bytes: ArraySlice<UInt8>) -> (delimiter: CSVDelimiter, length: Int)? {
        let prefix = Array(bytes.prefix(7))
        guard prefix.count >= 5, String(decoding: prefix[0..<4], as: UTF8.self).lowercased() == "sep=",
            let delimiter = CSVDelimiter(argument: String(decoding: [prefix[4]], as: UTF8.self)), delimiter != .auto
        else { return nil }
        if prefix.count >= 7, prefix[5] == 0x0D, prefix[6] == 0x0A { return (delimiter, 7) }
        if prefix.count >= 6, prefix[5] == 0x0A || prefix[5] == 0x0D { return (delimiter, 6) }
        return prefix.count == 5 && bytes.count == 5 ? (delimiter, 5) : nil
    }

    /// State shared with the C callbacks.
    final class Context {
        // Touched for every field of every row, only from the reading thread: dynamic exclusivity checks
        // on them were a twentieth of its time.
        @exclusivity(unchecked) var ready: [CSVRecord] = []
        @exclusivity(unchecked) var fields: [String] = []
        @exclusivity(unchecked) var invalidUTF8Field: Int?
        @exclusivity(unchecked) var line = 1
        @exclusivity(unchecked) var recordStart = 1
        @exclusivity(unchecked) var previousTerminator: Int32 = 0
        @exclusivity(unchecked) var fieldsSinceTerminator = false
        @exclusivity(unchecked) var unterminated = false
        @exclusivity(unchecked) var oversizedField: Int?
        /// The field being parsed outgrew the limit and its start was dropped.
        @exclusivity(unchecked) var droppingField = false
        var maxFieldBytes = ImportOptions.defaultMaxFieldBytes

        /// Counts the line breaks inside a field's bytes.
        func countLines(_ bytes: UnsafeRawBufferPointer) {
            // Only quoted fields can hold line breaks; memchr skips the rest quickly.
            if !bytes.isEmpty, memchr(bytes.baseAddress!, 0x0A, bytes.count) != nil || memchr(bytes.baseAddress!, 0x0D, bytes.count) != nil {
                var previous: UInt8 = 0
                for byte in bytes {
                    if byte == 0x0A || previous == 0x0D { line += 1 }
                    previous = byte
                }
                if previous == 0x0D { line += 1 }
            }
        }

        func addField(_ bytes: UnsafeRawBufferPointer) {
            fieldsSinceTerminator = true
            countLines(bytes)
            if droppingField || bytes.count > maxFieldBytes {
                droppingField = false
                if oversizedField == nil { oversizedField = fields.count }
                fields.append("")
                return
            }
            // Validated once, then copied (the generic `String(validating:)` path is far slower); invalid text is
            // decoded with U+FFFD in place of the bad bytes, and the record is rejected for it.
            let utf8 = bytes.assumingMemoryBound(to: UInt8.self)
            if let valid = try? UTF8Span(validating: utf8.span) {
                fields.append(String(copying: valid))
            } else {
                if invalidUTF8Field == nil { invalidUTF8Field = fields.count }
                fields.append(String(decoding: utf8, as: UTF8.self))
            }
        }

        /// A copy of `fields` in an array of its own, exactly as large (`Array(fields)` would share the buffer).
        private static func copy(_ fields: [String]) -> [String] {
            [String](unsafeUninitializedCapacity: fields.count) { buffer, count in
                fields.withUnsafeBufferPointer { source in
                    _ = buffer.initialize(fromContentsOf: source)
                }
                count = fields.count
            }
        }

        func endRecord(_ terminator: Int32) {
            let hadFields = fieldsSinceTerminator
            if !fields.isEmpty {
                // The record gets an array of its own, sized to it; `fields` keeps its buffer for the next. Handing
                // over `fields` itself and then emptying it kept-capacity made each record's array a little larger
                // than the last (the allocator rounds up): ~9 KB a record by 200,000 rows.
                ready.append(
                    CSVRecord(
                        line: recordStart, fields: Self.copy(fields), invalidUTF8Field: invalidUTF8Field,
                        oversizedField: oversizedField, isUnterminated: terminator == -1 && unterminated))
                fields.removeAll(keepingCapacity: true)
                invalidUTF8Field = nil
                oversizedField = nil
            }
            // "\r\n" arrives as two terminators; only the first ends a line.
            let isSecondHalfOfCRLF = terminator == 0x0A && previousTerminator == 0x0D && !hadFields
            if terminator >= 0 && !isSecondHalfOfCRLF { line += 1 }
            previousTerminator = terminator
            fieldsSinceTerminator = false
            recordStart = line
        }
    }
}

// The reader holds the context while libcsv calls back: used without taking a reference, which was a retain and
// a release per field.
private func fieldCallback(_ field: UnsafeMutableRawPointer?, _ length: Int, _ data: UnsafeMutableRawPointer?) {
    Unmanaged<CSVRecordReader.Context>.fromOpaque(data!)._withUnsafeGuaranteedRef {
        $0.addField(UnsafeRawBufferPointer(start: field, count: length))
    }
}

private func recordCallback(_ terminator: Int32, _ data: UnsafeMutableRawPointer?) {
    Unmanaged<CSVRecordReader.Context>.fromOpaque(data!)._withUnsafeGuaranteedRef { $0.endRecord(terminator) }
}
