import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketExport

/// What an export says of its progress: how many of how many, every `progressInterval` tickets and at the end.
/// (Ten here, where an export's default is 10,000.)
@Suite struct ExporterTests {
    let store: TicketStore

    /// 13 tickets created in October and 12 in November.
    init() throws {
        store = try TicketStore()
        let october = TicketSeeder.date("2026-10-10T09:00:00Z"), november = TicketSeeder.date("2026-11-10T09:00:00Z")
        try TicketSeeder.seed(
            store,
            (0..<25).map { index in
                Ticket(id: "E-\(index)", title: "t\(index)", description: "", createdAt: index % 2 == 0 ? october : november)
            })
    }

    func export(_ configure: (inout ExportOptions) -> Void = { _ in }) throws -> (count: Int, progress: [ExportProgress], bytes: Int) {
        var options = ExportOptions()
        options.progressInterval = 10
        configure(&options)
        var progress: [ExportProgress] = []
        var bytes = 0
        let count = try Exporter(store: store, logger: LogRecorder().logger()).export(options: options, progress: { progress.append($0) }) { bytes += $0.count }
        return (count, progress, bytes)
    }

    @Test func progressCountsTheTicketsWrittenOfAllThoseTheExportWrites() throws {
        let all = try export()
        #expect(all.count == 25 && all.bytes > 0)
        #expect(all.progress == [.init(exported: 10, total: 25), .init(exported: 20, total: 25), .init(exported: 25, total: 25)])
        let november = try export { $0.since = TicketSeeder.date("2026-11-01T00:00:00Z") }
        #expect(november.count == 12)
        #expect(november.progress == [.init(exported: 10, total: 12), .init(exported: 12, total: 12)])
    }

    @Test func anEmptyExportSaysSoOnce() throws {
        let none = try export { $0.since = TicketSeeder.date("2027-01-01T00:00:00Z") }
        #expect(none.count == 0 && none.progress == [.init(exported: 0, total: 0)])
    }

    /// A stopped export (SIGINT, SIGTERM cancel its task) writes no further chunk and throws, so that its caller
    /// drops the file rather than keep one cut short.
    @Test func aCancelledExportStopsBeforeItsNextChunk() async throws {
        let store = self.store
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            _ = try Exporter(store: store, logger: LogRecorder().logger()).export(options: ExportOptions()) { _ in
                Issue.record("a chunk was written after the export was stopped")
            }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
