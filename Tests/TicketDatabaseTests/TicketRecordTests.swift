import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase

/// A row of `tickets` read column by column, as `Decodable` read it before: every field, nil for a column the
/// query did not select, and an error naming the column for a value the schema's types do not hold.
@Suite struct TicketRecordTests {
    let store: TicketStore

    init() throws { store = try TicketStore() }

    func fetch(_ sql: String = "SELECT * FROM tickets") throws -> TicketRecord? {
        try store.writer.read { db in try TicketRecord.fetchOne(db, sql: sql) }
    }

    @Test func everyColumnIsRead() throws {
        let created = TicketSeeder.date("2026-11-02T09:00:00Z")
        try TicketSeeder.seed(store, [
            Ticket(
                id: "Z-1", title: "Refund", description: "Charged twice", category: .billing, priority: .high, status: .resolved,
                createdAt: created, resolvedAt: created.addingTimeInterval(3600), assignee: "Ana", group: "Billing",
                channel: "email", tags: ["vip", "refund"], firstResponseAt: created.addingTimeInterval(600), satisfaction: "good",
                attributes: #"{"region":"EU"}"#)
        ], source: .manual)
        let record = try #require(try fetch())
        #expect(record.externalID == "Z-1" && record.title == "Refund" && record.description == "Charged twice")
        #expect(record.category == .billing && record.priority == .high && record.status == .resolved)
        #expect(record.categorySource == .manual && record.prioritySource == .manual)
        #expect(record.createdAt == 1_793_610_000 && record.resolvedAt == 1_793_613_600 && record.firstResponseAt == 1_793_610_600)
        #expect(record.assignee == "Ana" && record.group == "Billing" && record.channel == "email" && record.satisfaction == "good")
        #expect(TicketRecord.decodeTags(record.tags) == ["vip", "refund"] && record.attributes == #"{"region":"EU"}"#)
        let (id, revision) = try store.writer.read { db in
            (try Int64.fetchOne(db, sql: "SELECT id FROM tickets")!, try Int.fetchOne(db, sql: "SELECT revision FROM tickets")!)
        }
        #expect(record.id == id && record.revision == revision)
        let some = try #require(try fetch("SELECT id, external_id, title, description, status, created_at, revision FROM tickets"))
        #expect(some.externalID == "Z-1" && some.category == nil && some.assignee == nil && some.attributes == nil)
    }

    @Test func aValueOutsideTheColumnsTypeIsAnErrorNamingIt() throws {
        try TicketSeeder.seed(store, [Ticket(id: "Z-1", title: "t", description: "", createdAt: Date())])
        try store.writer.write { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE tickets SET category_source = 'robot'")
        }
        let error = try #require(throws: (any Error).self) { try fetch() }
        #expect("\(error)".contains("tickets.category_source holds 'robot'"), "\(error)")
    }
}
