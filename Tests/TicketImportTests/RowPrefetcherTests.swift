import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketDatabase
@testable import TicketImport
@testable import TicketModel

@Suite struct RowPrefetcherTests {
    /// Rows made up in memory; fails with `failure` after `failAfter` rows when given.
    final class ScriptedRows: RowSource, @unchecked Sendable {
        let count: Int
        let failAfter: Int?
        private(set) var produced = 0
        var bytesRead: Int { produced * 10 }
        var unknownColumns: [String] { [] }
        var header: [String]? { nil }

        init(count: Int, failAfter: Int? = nil) {
            self.count = count
            self.failAfter = failAfter
        }

        func next() throws -> SourceRow? {
            if let failAfter, produced == failAfter {
                throw ImportError.unreadable(file: "scripted", reason: "disk gone")
            }
            guard produced < count else { return nil }
            produced += 1
            let values = FieldValues([
                .id: "T-\(produced)", .title: "title \(produced)", .createdAt: "2026-01-02T03:04:05Z",
                // Every tenth row is bad, so that rejections travel with their raw text.
                .category: produced % 10 == 0 ? "nonsense" : "billing",
            ])
            return SourceRow(line: produced + 1, values: values, problem: nil, raw: .csv(["T-\(produced)"]))
        }
    }

    func prefetcher(_ rows: ScriptedRows, chunkSize: Int = 7, chunkBytes: Int = 1 << 20, depth: Int = 2)
        -> RowPrefetcher
    {
        let normalizer = RowNormalizer(mapping: ColumnMapping.ticketjobs, dates: TimestampParser())
        return RowPrefetcher(
            rows: rows, normalizer: normalizer, chunkSize: chunkSize, chunkBytes: chunkBytes, depth: depth)
    }

    @Test func rowsComeInFileOrderValidatedAndInChunks() throws {
        let rows = ScriptedRows(count: 100)
        let prefetcher = prefetcher(rows)
        defer { prefetcher.finish() }
        var lines: [Int] = []
        var rejected: [Int] = []
        var chunkSizes: [Int] = []
        while let chunk = try prefetcher.next() {
            chunkSizes.append(chunk.items.count)
            for item in chunk.items {
                lines.append(item.line)
                if item.rejection != nil {
                    #expect(item.normalized == nil)
                    rejected.append(item.line)
                    #expect(item.raw == .csv(["T-\(item.line - 1)"]))
                } else {
                    #expect(item.raw == nil)
                }
            }
            prefetcher.recycle(chunk)
        }
        #expect(lines == Array(2...101))
        #expect(rejected == stride(from: 11, through: 101, by: 10).map { $0 })
        #expect(chunkSizes == Array(repeating: 7, count: 14) + [2])
    }

    @Test func anErrorComesAfterTheRowsReadBeforeIt() throws {
        let prefetcher = prefetcher(ScriptedRows(count: 100, failAfter: 30))
        defer { prefetcher.finish() }
        var lines: [Int] = []
        #expect(throws: ImportError.self) {
            while let chunk = try prefetcher.next() { lines += chunk.items.map(\.line) }
        }
        #expect(lines == Array(2...31))
    }

    /// A caller that stops early (too many rejects, a signal) must not leave a thread waiting on a full queue.
    @Test(.timeLimit(.minutes(1))) func finishingEarlyStopsBothThreads() throws {
        let rows = ScriptedRows(count: 1_000_000)
        let prefetcher = prefetcher(rows, chunkSize: 4, depth: 1)
        _ = try prefetcher.next()
        prefetcher.finish()
        // Both threads have ended when finish returns: reading stopped where the queues were full.
        #expect(rows.produced < 100)
        prefetcher.finish()
    }

    /// Rows of many megabytes each (here 10 bytes a row, against a bound of 25) end a chunk before its row count
    /// does, so that what waits between the stages stays bounded in bytes.
    @Test func chunksEndAtTheirBytesToo() throws {
        let prefetcher = prefetcher(ScriptedRows(count: 10), chunkSize: 512, chunkBytes: 25)
        defer { prefetcher.finish() }
        var chunkSizes: [Int] = []
        while let chunk = try prefetcher.next() { chunkSizes.append(chunk.items.count) }
        #expect(chunkSizes == [3, 3, 3, 1])
    }
}
