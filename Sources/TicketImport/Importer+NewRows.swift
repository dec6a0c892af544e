import TicketModel
import TicketDatabase

extension Importer {
    /// Rows looked at to judge what share of a file the store does not hold yet.
    static let newRowsSample = 1_000

    /// The share of `path`'s first rows whose ids the store does not hold: a backfill of legacy tickets is mostly
    /// new rows, a nightly export read again mostly stored ones, and the store loads the first kind with its indexes
    /// and triggers suspended (see `TicketStore.withBulkLoad`). Nil for standard input, a file below the store's
    /// `largeLoadMinimumBytes`, or one whose start cannot be read (the import then says why).
    func newRowShare(_ path: String, format: ImportFormat, options: ImportOptions) -> Double? {
        guard path != "-", let source = try? Importer.source(path, options: options),
            let size = source.totalBytes, Int64(size) >= store.largeLoadMinimumBytes
        else { return nil }
        do {
            let rows: any RowSource =
                switch format {
                case .csv: try Importer.csvRows(path, source: source, options: options)
                case .jsonl: Importer.jsonRows(path, source: source, options: options)
                }
            var ids = Set<String>()
            var sampled = 0
            while sampled < Self.newRowsSample, let row = try rows.next() {
                sampled += 1
                if row.problem == nil, let id = row.values[.id]?.trimmed, !id.isEmpty { ids.insert(id) }
            }
            guard sampled > 0 else { return nil }
            return Double(ids.count - (try store.storedTicketCount(among: ids))) / Double(sampled)
        } catch {
            return nil
        }
    }
}

extension Importer {
    /// Standard input's size is known only once it is read, so its rows go into a database holding tickets row by
    /// row, whatever their number: when they were enough new ones for a file to have loaded with the indexes and
    /// triggers suspended, the log says so (where a nightly backfill's operator reads it).
    func adviseAFile(for summary: ImportFileSummary, bytesRead: Int) {
        guard summary.read > 0, summary.inserted > 0 else { return }
        let newBytes = Int64((Double(bytesRead) * Double(summary.inserted) / Double(summary.read)).rounded())
        guard (try? store.isLargeLoad(newBytes: newBytes)) == true else { return }
        logger.notice(
            "standard input was loaded row by row into a database holding tickets; a backfill this large loads several times faster from a file (its path instead of -), with the indexes and report rollups rebuilt once at its end",
            metadata: ["inserted": "\(summary.inserted)", "new_mb": "\(newBytes >> 20)"])
    }
}
