import Foundation
import TicketDatabase
import TicketModel

/// Reads rows on one thread and validates them on another, up to a few chunks ahead of the caller, so that
/// parsing, validating and storing a file overlap: on two cores the three stages share both, instead of the
/// store waiting on a reader that does twice its work. Memory stays bounded: at most `depth` chunks wait
/// between each two stages.
///
/// The row source is used only by the reading thread, the normalizer only by the validating one, until both
/// have ended (`finish`).
final class RowPrefetcher: @unchecked Sendable {
    /// A row read and validated: its ticket, or why it is rejected, with its raw form then.
    struct Item {
        var line: Int
        /// The ticket, or (exactly one of the two) why the row is rejected. Not a `Result`: the storing thread
        /// passes the ticket on where it lies, where matching a `Result` copied it (a reference count per text).
        var normalized: NormalizedRow?
        var rejection: RowRejection.Reason?
        var raw: SourceRow.Raw?
        /// An earlier row of the file had (by its hash) the same id: the caller confirms against the store.
        var maybeRepeat = false
    }

    struct Chunk {
        var items: [Item]
        /// The source's bytes consumed once this chunk was read, for progress.
        var bytesRead: Int
    }

    /// Rows as read, before validation.
    private struct Batch {
        var rows: [SourceRow]
        var bytesRead: Int
    }

    private let trackRepeats: Bool
    private let rows: any RowSource
    private let normalizer: RowNormalizer
    /// Hashes and counts each valid row for the store, on the validating thread (see `RowPreparer`).
    private let preparer: RowPreparer?
    private let chunkSize: Int
    private let chunkBytes: Int
    private let read: HandoffQueue<Batch>
    private let validated: HandoffQueue<Chunk>
    /// Guards the spent lists.
    private let lock = NSLock()
    private var spentBatches: [Batch] = []
    private var spentChunks: [Chunk] = []
    /// Only the caller's thread touches it.
    private var finished = false
    /// Signalled once by each thread as it ends.
    private let ended = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - chunkSize, chunkBytes: a chunk ends at `chunkSize` rows or once its rows span `chunkBytes` of the
    ///     source, whichever comes first: counted in rows alone, a file of multi-megabyte descriptions held 512
    ///     of them per chunk (a 1.2 GB file of 4 MB ones peaked at 1.2 GB).
    ///   - trackRepeats: look for ids seen earlier in the file. A first load needs not: the empty table's unique
    ///     index finds them exactly; a Bloom filter then only keeps the raw text of likely ones.
    ///   - preparer: the store's, for its share of the work on rows that it can do off its own thread.
    init(
        rows: any RowSource, normalizer: RowNormalizer, preparer: RowPreparer? = nil, chunkSize: Int = 512,
        chunkBytes: Int = 4 << 20, depth: Int = 4, trackRepeats: Bool = true
    ) {
        self.trackRepeats = trackRepeats
        self.rows = rows
        self.normalizer = normalizer
        self.preparer = preparer
        self.chunkSize = max(1, chunkSize)
        self.chunkBytes = max(1, chunkBytes)
        read = HandoffQueue(capacity: depth)
        validated = HandoffQueue(capacity: depth)
        let stages: [(String, @Sendable () -> Void)] = [
            ("read", { [self] in readRows() }), ("validate", { [self] in validateRows() }),
        ]
        for (name, body) in stages {
            let thread = Thread { [self] in
                body()
                ended.signal()
            }
            thread.name = "ticketjobs.import.\(name)"
            thread.start()
        }
    }

    /// The next chunk in file order, nil after the last; rethrows what reading the source threw.
    func next() throws -> Chunk? {
        try validated.take()
    }

    /// Hands a chunk back once its rows are stored, for the reading thread to free: the text was allocated
    /// there, and memory freed on the thread that allocated it avoids contending for that thread's malloc arena
    /// (tens of thousands of futex waits per million rows).
    func recycle(_ chunk: consuming Chunk) {
        lock.lock()
        spentChunks.append(chunk)
        lock.unlock()
    }

    /// Stops reading (if it has not ended) and waits for both threads to end. Call it before using the row
    /// source again; calling it again does nothing.
    func finish() {
        guard !finished else { return }
        finished = true
        read.cancel()
        validated.cancel()
        ended.wait()
        ended.wait()
        lock.withLock {
            spentBatches.removeAll()
            spentChunks.removeAll()
        }
    }

    /// The reading thread: rows in batches (`chunkSize`, `chunkBytes`), then the end or the error that stopped it.
    private func readRows() {
        var batch: [SourceRow] = []
        batch.reserveCapacity(chunkSize)
        var batchStart = rows.bytesRead
        do {
            while let row = try rows.next() {
                batch.append(row)
                if batch.count == chunkSize || rows.bytesRead - batchStart >= chunkBytes {
                    guard hand(batch) else { return }
                    batch = []
                    batch.reserveCapacity(chunkSize)
                    batchStart = rows.bytesRead
                }
            }
            if !batch.isEmpty, !hand(batch) { return }
            read.close()
        } catch {
            // The rows before the failure come first, as they would have without other threads.
            if !batch.isEmpty, !hand(batch) { return }
            read.fail(error)
        }
    }

    /// Queues a batch for validation, first freeing what the later stages are done with; false when stopped.
    private func hand(_ batch: [SourceRow]) -> Bool {
        var batches: [Batch] = []
        var chunks: [Chunk] = []
        lock.withLock {
            swap(&batches, &spentBatches)
            swap(&chunks, &spentChunks)
        }
        // Freed after unlocking, on this thread.
        batches.removeAll()
        chunks.removeAll()
        return read.put(Batch(rows: batch, bytesRead: rows.bytesRead))
    }

    /// The validating thread: each batch becomes one chunk of the same rows.
    private func validateRows() {
        // An id seen earlier in the file is a repeat, rejected so that re-importing the file changes nothing.
        var repeats = RepeatFilter(trackRepeats ? .hashes : .bloom)
        do {
            while let batch = try read.take() {
                var items: [Item] = []
                items.reserveCapacity(batch.rows.count)
                // Each row read in place (an array's subscript copies the element, a reference count per text), and
                // each ticket moved, not copied, into the chunk.
                batch.rows.withUnsafeBufferPointer { rows in
                    for row in rows.indices {
                        let outcome =
                            if let problem = rows[row].problem { Result<NormalizedRow, RowRejection.Reason>.failure(problem) }
                            else { normalizer.normalize(rows[row].values) }
                        switch consume outcome {
                        case .success(var normalized):
                            preparer?.prepare(&normalized)
                            let maybeRepeat = repeats.insert(normalized.ticket.id)
                            // The raw text goes along only where a rejection may need it.
                            items.append(
                                Item(
                                    line: rows[row].line, normalized: consume normalized, raw: maybeRepeat ? rows[row].raw : nil,
                                    maybeRepeat: trackRepeats && maybeRepeat))
                        case .failure(let reason):
                            items.append(Item(line: rows[row].line, rejection: reason, raw: rows[row].raw))
                        }
                    }
                }
                lock.withLock { spentBatches.append(batch) }
                guard validated.put(Chunk(items: items, bytesRead: batch.bytesRead)) else { return }
            }
            validated.close()
        } catch {
            validated.fail(error)
        }
    }
}
