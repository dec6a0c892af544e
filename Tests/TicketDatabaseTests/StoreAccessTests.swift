import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase

/// A store opened read-only, as the commands that only read open one this user may not write: it reads, it never
/// writes, and one that would need writing first (an upgrade, rebuilt report figures) is refused untouched.
@Suite struct StoreAccessTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// A store with tickets, closed, its WAL folded in: the file alone holds it.
    func storeWithTickets() throws -> String {
        let path = directory.path("t.sqlite")
        let created = TicketSeeder.date("2026-11-02T09:00:00Z")
        try TicketSeeder.seed(
            try TicketStore(path: path), (0..<3).map { Ticket(id: "T-\($0)", title: "t\($0)", description: "", createdAt: created) })
        return path
    }

    @Test func aStoreOpenedReadOnlyReadsItsTicketsAndRefusesWrites() throws {
        let path = try storeWithTickets()
        let before = try contents(path)
        let store = try TicketStore(path: path, create: false, access: .readOnly)
        #expect(try store.ticketsInSourceOrder().map(\.id) == ["T-0", "T-1", "T-2"])
        let error = try #require(throws: DatabaseError.self) {
            try store.insertTickets([Ticket(id: "T-9", title: "t9", description: "", createdAt: Date())], labelSource: .imported)
        }
        #expect(error.resultCode == .SQLITE_READONLY)
        #expect(try contents(path) == before)
    }

    @Test func aMissingFileOpenedReadOnlyIsNotCreatedWhateverCreateSays() throws {
        let path = directory.path("typo.sqlite")
        #expect(throws: StoreError.noDatabase(path: path)) { try TicketStore(path: path, create: true, access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// Reports from it would fail on columns it lacks: it is named, with what to do, and left as it was.
    @Test func anOlderReleasesStoreOpenedReadOnlyIsRefusedUntouched() throws {
        let path = directory.path("v8.sqlite")
        try FileManager.default.copyItem(atPath: StoreUpgradeTests.releases.appendingPathComponent("v8.sqlite").path, toPath: path)
        let before = try contents(path)
        let error = try #require(throws: StoreError.self) { try TicketStore(path: path, create: false, access: .readOnly) }
        #expect(
            "\(error)" == "database \(path) is read-only for this user, and it has schema v8, which this ticketjobs (v\(TicketStore.schemaVersion)) must upgrade first: run any ticketjobs command on it once as a user who may write it (ticketjobs history --db \(path), say)")
        #expect(try contents(path) == before)
        _ = try TicketStore(path: path, create: false, access: .readWriteIfPermitted)
        #expect(try contents(path) != before)
    }

    /// What a first import that died leaves: the rollups' triggers and indexes missing, figures to rebuild.
    @Test func aStoreWhoseReportFiguresNeedRebuildingIsRefusedReadOnly() throws {
        let path = try storeWithTickets()
        let index = try #require(ReportRollups.secondaryIndexes.first?.name)
        try TicketStore(path: path).writer.write { db in try db.execute(sql: "DROP INDEX \(index)") }
        let error = try #require(throws: StoreError.self) { try TicketStore(path: path, create: false, access: .readOnly) }
        #expect("\(error)".contains("its report figures must be rebuilt first"), "\(error)")
        let store = try TicketStore(path: path, create: false)
        #expect(try store.writer.read(ReportRollups.isComplete))
    }

    @Test func readWriteIfPermittedWritesAFileThisProcessMayWrite() throws {
        let path = try storeWithTickets()
        #expect(StoreAccess.readWriteIfPermitted.resolved(for: path) == .readWrite)
        #expect(StoreAccess.readWriteIfPermitted.resolved(for: directory.path("missing.sqlite")) == .readWrite)
        #expect(StoreAccess.readOnly.resolved(for: path) == .readOnly)
    }
}
