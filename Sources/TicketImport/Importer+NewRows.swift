import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import TicketModel
import TicketDatabase

extension Importer {
    /// Rows looked at, at each end of a file, to judge what share of it the store does not hold yet.
    static let newRowsSample = 1_000
    /// The bytes read at a file's end for its last rows.
    static let tailBytes = 1 << 20
    /// The most read at either end for the look (past it, the rows read so far are the sample).
    static let sampleBytes = 4 << 20

    /// The share of `path`'s rows whose ids the store does not hold, judged from its first rows and its last: a
    /// backfill of legacy tickets is new at both ends, a nightly export read again is stored at one end at least
    /// (its oldest tickets, first or last as the help desk lists them). The store loads the first kind with its
    /// indexes and triggers suspended (see `TicketStore.withBulkLoad`). Nil for standard input, a file below the
    /// store's `largeLoadMinimumBytes`, a pipe (`<(gzip -dc …)`, a FIFO: what is read from one is gone for the
    /// import), or a file whose start cannot be read (the import then says why).
    func newRowShare(_ path: String, format: ImportFormat, options: ImportOptions, tailBytes: Int = Importer.tailBytes) -> Double? {
        // Looked at before it is opened: opening a FIFO waits for its writer, and reading it takes the rows.
        guard let size = Self.regularFileSize(path), size >= store.largeLoadMinimumBytes,
            let source = try? Importer.source(path, options: options),
            let head = newRowShare(of: source, path: path, format: format, options: options)
        else { return nil }
        guard head > 0,
            let tail = tailSource(path, size: Int(size), encoding: source.encoding, format: format, tailBytes: tailBytes),
            let last = newRowShare(of: tail, path: path, format: format, options: options, fewest: 50)
        else { return head }
        return min(head, last)
    }

    /// The size of `path` when it is a regular file (after symbolic links), looked at without opening it; nil for
    /// standard input ("-"), a FIFO, a pipe, or a path that cannot be looked at.
    static func regularFileSize(_ path: String) -> Int64? {
        var info = stat()
        guard path != "-", stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// The share of the first rows `source` gives whose ids the store does not hold; nil when fewer than `fewest`
    /// rows are readable.
    private func newRowShare(
        of source: ByteSource, path: String, format: ImportFormat, options: ImportOptions, fewest: Int = 1
    ) -> Double? {
        do {
            let rows: any RowSource =
                switch format {
                case .csv: try Importer.csvRows(path, source: source, options: options)
                case .jsonl: Importer.jsonRows(path, source: source, options: options)
                }
            var ids = Set<String>()
            var sampled = 0
            var seen = 0
            // Bounded in bytes too: rows of megabytes each would have the look read much of the file twice.
            while seen < Self.newRowsSample * 2, sampled < Self.newRowsSample, rows.bytesRead < Self.sampleBytes,
                let row = try rows.next()
            {
                seen += 1
                // A row cut by where the tail starts reads as a wrong field count, or no JSON: not counted.
                guard row.problem == nil, let id = row.values[.id]?.trimmed, !id.isEmpty else { continue }
                sampled += 1
                ids.insert(id)
            }
            guard sampled >= fewest else { return nil }
            return Double(ids.count - (try store.storedTicketCount(among: ids))) / Double(sampled)
        } catch {
            return nil
        }
    }

    /// The last `tailBytes` of `path` from the first line break in them (where a row likely starts), behind the
    /// file's first line for a CSV file (its header), read in the file's encoding. Nil where that cannot be cut
    /// so: a file not much larger than its tail, a JSON document (one array), UTF-16 or UTF-32 (a line break's byte
    /// may be half a character).
    private func tailSource(
        _ path: String, size: Int, encoding: String, format: ImportFormat, tailBytes: Int
    ) -> ByteSource? {
        guard size > 2 * tailBytes, !path.lowercased().hasSuffix(".json"), encoding == "utf-8" || !encoding.hasPrefix("utf-"),
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        guard let start = try? handle.read(upToCount: 1 << 16), let headerEnd = start.firstIndex(of: 0x0A),
            (try? handle.seek(toOffset: UInt64(size - tailBytes))) != nil, let end = try? handle.read(upToCount: tailBytes),
            let rowStart = end.firstIndex(of: 0x0A)
        else { return nil }
        let header = format == .csv ? Array(start[...headerEnd]) : []
        return try? ByteSource(name: path, bytes: header + Array(end[(rowStart + 1)...]), encoding: encoding)
    }
}

extension Importer {
    /// The size of standard input or a pipe is known only once it is read, so its rows go into a database holding
    /// tickets row by row, whatever their number: when they were enough new ones for a file to have loaded with the
    /// indexes and triggers suspended, the log says so (where a nightly backfill's operator reads it).
    func adviseAFile(for summary: ImportFileSummary, bytesRead: Int) {
        guard summary.read > 0, summary.inserted > 0 else { return }
        let newBytes = Int64((Double(bytesRead) * Double(summary.inserted) / Double(summary.read)).rounded())
        guard (try? store.isLargeLoad(newBytes: newBytes)) == true else { return }
        logger.notice(
            "standard input or a pipe was loaded row by row into a database holding tickets; a backfill this large loads several times faster from a regular file, with the indexes and report rollups rebuilt once at its end",
            metadata: ["file": "\(summary.file)", "inserted": "\(summary.inserted)", "new_mb": "\(newBytes >> 20)"])
    }
}
