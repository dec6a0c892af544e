import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketDatabase
@testable import TicketModel

@Suite struct BulkLoaderTests {
    static func ticket(_ number: Int, labeled: Bool) -> NormalizedRow {
        NormalizedRow(
            ticket: Ticket(
                id: "T-\(number)", title: "title \(number)", description: "", category: labeled ? .billing : nil,
                priority: labeled ? .low : nil, status: .open,
                createdAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(number * 7_919 % 5_000) * 3_600)))
    }

    func indexes(_ db: Database) throws -> Set<String> {
        Set(
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'")
        )
    }

    /// A first load builds, at its first commit, the partial indexes hardly any of its rows fall under, and
    /// leaves the others to the end. Rows that do fall under one later are kept in it as they come.
    @Test func aFirstLoadKeepsUpThePartialIndexesItsFirstBatchHardlyUses() throws {
        let directory = try TemporaryDirectory()
        let store = try TicketStore(path: directory.path("tickets.sqlite"))
        try store.withBulkLoad(logger: LogRecorder().logger()) { loader in
            #expect(loader.isFirstLoad)
            for number in 0..<200 {
                _ = try loader.store(Self.ticket(number, labeled: true), file: "f", line: number, importedAt: 0)
            }
            #expect(try !indexes(loader.db).contains("tickets_unlabeled"))
            try loader.commit()
            let built = try indexes(loader.db)
            // Every row has both labels and none has a first response; every one is open (a long-open one).
            #expect(built.contains("tickets_unlabeled"))
            #expect(built.contains("tickets_first_response"))
            #expect(!built.contains("tickets_long_open"))
            #expect(!built.contains("tickets_report"))
            for number in 200..<500 {
                _ = try loader.store(Self.ticket(number, labeled: false), file: "f", line: number, importedAt: 0)
            }
            try loader.commit()
        }
        try store.writer.read { db in
            #expect(try indexes(db).isSuperset(of: ReportRollups.secondaryIndexes.map(\.name)))
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let unlabeled = try Int.fetchOne(
                db,
                sql:
                    "SELECT count(*) FROM tickets INDEXED BY tickets_unlabeled WHERE category IS NULL OR priority IS NULL"
            )
            #expect(unlabeled == 300)
            #expect(try ReportRollups.isComplete(db))
        }
    }
}
