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
