import Foundation
import TicketModel
import TicketDatabase

/// Reads and validates rows on a thread of its own, up to a few chunks ahead of the caller, so that parsing
/// a file overlaps with storing it on a second core. Memory stays bounded: at most `depth` chunks wait.
///
/// The row source and the normalizer are used only by that thread until it has ended (`finish`).
final class RowPrefetcher: @unchecked Sendable {
    /// A row read and validated: its ticket, or why it is rejected, with its raw form then.
    struct Item {
        var line: Int
        var outcome: Result<NormalizedRow, RowRejection.Reason>
        var raw: SourceRow.Raw?
        /// An earlier row of the file had (by its hash) the same id: the caller confirms against the store.
        var maybeRepeat = false
    }

    struct Chunk {
        var items: [Item]
        /// The source's bytes consumed once this chunk was read, for progress.
        var bytesRead: Int
    }

    private let trackRepeats: Bool
    private let rows: any RowSource
    private let normalizer: RowNormalizer
    private let chunkSize: Int
    private let depth: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [Result<Chunk, any Error>] = []
    private var producing = true
    private var cancelled = false
    private var finished = false
    private var spent: [Chunk] = []
    private let ended = DispatchSemaphore(value: 0)

    /// - Parameter trackRepeats: look for ids seen earlier in the file. A first load needs not: the empty
    ///   table's unique index finds them exactly; a Bloom filter then only keeps the raw text of likely ones.
    init(rows: any RowSource, normalizer: RowNormalizer, chunkSize: Int = 512, depth: Int = 4, trackRepeats: Bool = true) {
        self.trackRepeats = trackRepeats
        self.rows = rows
        self.normalizer = normalizer
        self.chunkSize = max(1, chunkSize)
        self.depth = max(1, depth)
        let thread = Thread { [self] in
            produce()
            ended.signal()
        }
        thread.name = "ticketjobs.import.read"
        thread.start()
    }

    /// The next chunk in file order, nil after the last; rethrows what reading the source threw.
    func next() throws -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && producing { condition.wait() }
        guard !ready.isEmpty else { return nil }
        let first = ready.removeFirst()
        condition.broadcast()
        return try first.get()
    }

    /// Hands a chunk back once its rows are stored, for the reading thread to free: memory freed on the thread
    /// that allocated it avoids contending for that thread's malloc arena (tens of thousands of futex waits
    /// per million rows).
    func recycle(_ chunk: consuming Chunk) {
        condition.lock()
        spent.append(chunk)
        condition.unlock()
    }

    /// Stops reading (if it has not ended) and waits for the thread to end. Call it before using the row
    /// source again; calling it again does nothing.
    func finish() {
        condition.lock()
        let wasFinished = finished
        finished = true
        cancelled = true
        condition.broadcast()
        condition.unlock()
        if !wasFinished { ended.wait() }
    }

    private func produce() {
        var items: [Item] = []
        items.reserveCapacity(chunkSize)
        defer {
            condition.lock()
            producing = false
            condition.broadcast()
            condition.unlock()
        }
        // An id seen earlier in the file is a repeat, rejected so that re-importing the file changes nothing.
        var repeats = RepeatFilter(trackRepeats ? .hashes : .bloom)
        do {
            while let row = try rows.next() {
                let outcome: Result<NormalizedRow, RowRejection.Reason> =
                    if let problem = row.problem { .failure(problem) } else { normalizer.normalize(row.values) }
                var maybeRepeat = false
                if case .success(let normalized) = outcome { maybeRepeat = repeats.insert(normalized.ticket.id) }
                // The raw text goes along only where a rejection may need it.
                let keepRaw = if case .failure = outcome { true } else { maybeRepeat }
                items.append(Item(line: row.line, outcome: outcome, raw: keepRaw ? row.raw : nil, maybeRepeat: trackRepeats && maybeRepeat))
                if items.count == chunkSize {
                    guard put(.success(Chunk(items: items, bytesRead: rows.bytesRead))) else { return }
                    items.removeAll(keepingCapacity: true)
                }
            }
            if !items.isEmpty { _ = put(.success(Chunk(items: items, bytesRead: rows.bytesRead))) }
        } catch {
            // The rows before the failure come first, as they would have without a second thread.
            if !items.isEmpty, !put(.success(Chunk(items: items, bytesRead: rows.bytesRead))) { return }
            _ = put(.failure(error))
        }
    }

    /// Queues `chunk` once there is room; false when the reader was stopped.
    private func put(_ chunk: Result<Chunk, any Error>) -> Bool {
        var freed: [Chunk] = []
        // Freed after unlocking, on this thread.
        defer { freed.removeAll() }
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= depth && !cancelled { condition.wait() }
        swap(&freed, &spent)
        guard !cancelled else { return false }
        ready.append(chunk)
        condition.broadcast()
        return true
    }
}
