import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketDatabase
@testable import TicketModel

/// The taxonomy a database keeps: a new one's, a change refused while tickets carry dropped labels, moved by a
/// map or cleared, in one transaction, with the rollups kept exact by the triggers.
@Suite struct TicketStoreTaxonomyTests {
    let store: TicketStore

    init() throws {
        store = try TicketStore()
    }

    static let team = Taxonomy(
        categories: [
            TaxonomyLabel(name: "money", definition: "payments"), TaxonomyLabel(name: "product", definition: "the product"),
            TaxonomyLabel(name: "account", definition: "logins"),
        ],
        priorities: [TaxonomyLabel(name: "normal", definition: "n"), TaxonomyLabel(name: "urgent", definition: "u")],
        examples: [TaxonomyExample(title: "Refund", description: "please", category: "money", priority: "urgent")])

    /// Tickets labeled with every standard label; random times, half resolved.
    func seedStandard() throws -> [Ticket] {
        let tickets = ReportRollupsTests.randomTickets(300, seed: 7)
        try TicketSeeder.seed(store, tickets)
        return tickets
    }

    /// The rollups rebuilt from the tickets must equal those the triggers kept through the change.
    func expectRollupsExact() throws {
        let maintained = try snapshot()
        try store.writer.write { db in try ReportRollups.restore(db) }
        #expect(try snapshot() == maintained)
    }

    func snapshot() throws -> [String] {
        try store.writer.read { db in
            try ["report_days", "report_resolution", "report_flow", "report_resolved_hours", "report_backlog_cohorts"]
                .flatMap { table in
                let nonzero = table == "report_flow" ? "(entered != 0 OR exited != 0 OR resolved != 0 OR untimed != 0)" : "tickets != 0"
                return try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE \(nonzero) ORDER BY 1, 2, 3, 4").map { "\(table) \($0)" }
            }
        }
    }

    @Test func aNewDatabaseStartsWithTheSupportAppsLabels() throws {
        let (taxonomy, revision) = try store.taxonomyWithRevision()
        #expect(taxonomy == .standard)
        #expect(revision == 1)
    }

    /// Label counts come from the day rollups (a table scan took 0.7 s over a million tickets), and from the
    /// tickets while a first load has the rollups suspended: the same either way.
    @Test func labelCountsFromTheRollupsEqualACountOfTheTickets() throws {
        let tickets = try seedStandard()
        var expected: [String: [String: Int]] = ["category": [:], "priority": [:]]
        for ticket in tickets {
            if let category = ticket.category { expected["category"]![category.rawValue, default: 0] += 1 }
            if let priority = ticket.priority { expected["priority"]![priority.rawValue, default: 0] += 1 }
        }
        // Moves leave rows of zero behind in the rollups: they are not labels in use.
        _ = try store.replaceTaxonomy(Self.team, map: ["billing": "money", "technical": "product", "general": "product",
                                                       "low": "normal", "medium": "normal", "high": "urgent", "critical": "urgent"])
        var moved: [String: [String: Int]] = ["category": [:], "priority": [:]]
        for (kind, counts) in expected {
            let map = ["billing": "money", "technical": "product", "general": "product", "account": "account", "low": "normal",
                       "medium": "normal", "high": "urgent", "critical": "urgent"]
            for (label, count) in counts { moved[kind]![map[label]!, default: 0] += count }
        }
        #expect(try store.writer.read(ReportRollups.isComplete))
        #expect(try store.labelsInUse() == moved)
        try store.writer.write { db in try ReportRollups.suspend(db) }
        #expect(try !store.writer.read(ReportRollups.isComplete))
        #expect(try store.labelsInUse() == moved)
    }

    @Test func aLabelOutsideTheTaxonomyCannotBeStoredEvenBySQL() throws {
        try TicketSeeder.seed(store, [Ticket(id: "1", title: "t", description: "", category: .billing, createdAt: Date())])
        #expect(throws: DatabaseError.self) {
            try store.writer.write { db in try db.execute(sql: "UPDATE tickets SET category = 'shipping', category_source = 'manual'") }
        }
    }

    @Test func droppingLabelsInUseIsRefusedNamingThemAndNothingChanges() throws {
        let tickets = try seedStandard()
        let before = try snapshot()
        #expect {
            try store.replaceTaxonomy(Self.team)
        } throws: { error in
            guard case TaxonomyRefusal.labelsInUse(let labels) = error else { return false }
            let billing = tickets.filter { $0.category == .billing }.count
            return labels.contains(.init(kind: "category", from: "billing", to: nil, tickets: billing))
                && labels.contains { $0.kind == "priority" && $0.from == "critical" }
                && !labels.contains { $0.from == "account" }
                && "\(error)".contains("--map") && "\(error)".contains("--unlabel-missing")
        }
        #expect(try store.taxonomy() == .standard)
        #expect(try snapshot() == before)
    }

    @Test func aMapMovesTicketsAndTheRollupsStayExact() throws {
        let tickets = try seedStandard()
        let map = ["billing": "money", "technical": "product", "general": "product", "low": "normal", "medium": "normal",
                   "high": "urgent", "critical": "urgent"]
        let change = try store.replaceTaxonomy(Self.team, map: map)
        #expect(change.revision == 2)
        #expect(change.moves.contains(.init(kind: "category", from: "general", to: "product", tickets: tickets.filter { $0.category == .general }.count)))
        let (taxonomy, revision) = try store.taxonomyWithRevision()
        #expect(taxonomy == Self.team)
        #expect(revision == 2)
        let inUse = try store.labelsInUse()
        #expect(inUse["category"]?["product"] == tickets.filter { $0.category == .technical || $0.category == .general }.count)
        #expect(inUse["category"]?["account"] == tickets.filter { $0.category == .account }.count)
        #expect(inUse["priority"]?["urgent"] == tickets.filter { $0.priority == .high || $0.priority == .critical }.count)
        #expect(Set(inUse["category"]!.keys).isSubset(of: Set(Self.team.categoryNames)))
        try expectRollupsExact()
    }

    /// A change moving most tickets suspends the triggers and rebuilds the rollups and indexes instead: the tickets,
    /// the rollups and the schema end as the triggers leave them, moves and clearings alike.
    @Test func aChangeMovingMostTicketsInBulkEndsAsTheTriggersLeaveIt() throws {
        let map = ["billing": "money", "technical": "product", "low": "normal", "medium": "normal", "high": "urgent", "critical": "urgent"]
        func changed(bulkMoveMinimum: Int) throws -> (TaxonomyChange, [String], [String], Bool) {
            let store = try TicketStore()
            try TicketSeeder.seed(store, ReportRollupsTests.randomTickets(300, seed: 11))
            let change = try store.replaceTaxonomy(Self.team, map: map, unlabelMissing: true, at: Date(), bulkMoveMinimum: bulkMoveMinimum)
            return try store.writer.read { db in
                let tickets = try Row.fetchAll(
                    db, sql: "SELECT external_id, category, category_source, priority, priority_source, label_model FROM tickets ORDER BY id")
                // The triggers leave rows at zero that a rebuild does not write: compared without them.
                let rollups = try ["report_days", "report_resolution", "report_flow", "report_resolved_hours", "report_backlog_cohorts", "report_hours"]
                    .flatMap { table in
                        let nonzero = table == "report_flow" ? "(entered != 0 OR exited != 0 OR resolved != 0 OR untimed != 0)" : "tickets != 0"
                        return try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE \(nonzero)").map { "\(table) \($0)" }.sorted()
                    }
                return (change, tickets.map(\.description), rollups, try ReportRollups.isComplete(db))
            }
        }
        let triggered = try changed(bulkMoveMinimum: .max)
        let bulk = try changed(bulkMoveMinimum: 1)
        #expect(bulk.0 == triggered.0 && bulk.0.moves.count == 7)
        #expect(bulk.1 == triggered.1)
        #expect(bulk.1.contains { $0.contains("category:NULL") }, "the unlabelled 'account' tickets")
        #expect(bulk.2 == triggered.2 && !bulk.2.isEmpty)
        #expect(bulk.3 && triggered.3)
    }

    @Test func unlabelMissingClearsTheDroppedLabelsForClassification() throws {
        let tickets = try seedStandard()
        let queued = try #require(tickets.first { $0.category == nil || $0.priority == nil })
        try store.writer.write { db in
            // One suggestion the new taxonomy can keep (mapped), one it cannot.
            try db.execute(
                sql: """
                    INSERT INTO review_queue (ticket_id, suggested_category, suggested_priority, confidence, model, queued_at)
                    SELECT id, 'billing', 'low', 0.4, 'm', 0 FROM tickets WHERE external_id = ?
                    """, arguments: [queued.id])
            try db.execute(
                sql: """
                    INSERT INTO review_queue (ticket_id, suggested_category, suggested_priority, confidence, model, queued_at)
                    SELECT id, 'technical', 'high', 0.4, 'm', 0 FROM tickets WHERE external_id != ? LIMIT 1
                    """, arguments: [queued.id])
        }
        let unlabeledBefore = tickets.filter { $0.category == nil || $0.priority == nil }.count
        let change = try store.replaceTaxonomy(Self.team, map: ["billing": "money", "low": "normal"], unlabelMissing: true)
        #expect(change.moves.contains { $0.from == "technical" && $0.to == nil })
        #expect(change.reviewSuggestionsDropped == 1)
        let candidates = try store.classificationCandidates(since: nil, until: nil, relabel: false, includeManual: false, limit: nil)
        let cleared = tickets.filter { [.technical, .general].contains($0.category) || [.medium, .high, .critical].contains($0.priority) }
        #expect(candidates.count > unlabeledBefore)
        #expect(Set(cleared.map(\.id)).isSubset(of: Set(candidates.map(\.externalID)).union([queued.id])))
        #expect(try store.reviewQueue(limit: 100).map { [$0.suggestedCategory, $0.suggestedPriority] } == [["money", "normal"]])
        try expectRollupsExact()
    }

    @Test(arguments: [
        (["billing": "shipping"], "'shipping' is not a category of the new taxonomy"),
        (["account": "money"], "'account' is in the new taxonomy"),
        (["nosuch": "money"], "no ticket carries 'nosuch'"),
        (["billing": "urgent"], "'urgent' is not a category"),
    ])
    func aMapThatCannotBeFollowedIsRefused(map: [String: String], reason: String) throws {
        _ = try seedStandard()
        #expect {
            try store.replaceTaxonomy(Self.team, map: map, unlabelMissing: true)
        } throws: { "\($0)".contains(reason) }
        #expect(try store.taxonomy() == .standard)
    }

    @Test func rewordingKeepsTheLabelsAndTouchesNoTicket() throws {
        _ = try seedStandard()
        let before = try snapshot()
        var reworded = Taxonomy.standard
        reworded.categories[0].definition = "money, all of it"
        reworded.categories.reverse()
        reworded.examples = []
        let change = try store.replaceTaxonomy(reworded)
        #expect(change.moves.isEmpty)
        #expect(try store.taxonomy() == reworded)
        #expect(try snapshot() == before)
    }

    /// A ticket set aside because the model gave its text no usable label (a review entry without a suggestion)
    /// is asked again under a changed taxonomy, which is a new prompt; a suggestion the new taxonomy keeps stays.
    @Test func aChangedTaxonomyReleasesTicketsSetAsideForNoUsableAnswer() throws {
        let tickets = try seedStandard()
        let unlabeled = tickets.filter { $0.category == nil || $0.priority == nil }.map(\.id)
        try #require(unlabeled.count >= 2)
        try store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO review_queue (ticket_id, suggested_category, suggested_priority, confidence, model, queued_at)
                    SELECT id, NULL, NULL, NULL, 'm', 0 FROM tickets WHERE external_id = ?
                    """, arguments: [unlabeled[0]])
            try db.execute(
                sql: """
                    INSERT INTO review_queue (ticket_id, suggested_category, suggested_priority, confidence, model, queued_at)
                    SELECT id, 'billing', 'low', 0.4, 'm', 0 FROM tickets WHERE external_id = ?
                    """, arguments: [unlabeled[1]])
        }
        let candidates = { try self.store.classificationCandidates(since: nil, until: nil, relabel: false, includeManual: false, limit: nil).map(\.externalID) }
        #expect(try !candidates().contains(unlabeled[0]))
        var reworded = Taxonomy.standard
        reworded.categories[0].definition = "money, all of it"
        let change = try store.replaceTaxonomy(reworded)
        #expect(change.setAsideReleased == 1 && change.reviewSuggestionsDropped == 0)
        #expect(try candidates().contains(unlabeled[0]))
        #expect(try store.reviewQueue(limit: nil).map(\.externalID) == [unlabeled[1]])
        // One suggestion and no suggestion at all: a review entry has both labels or neither.
        #expect(throws: DatabaseError.self) {
            try self.store.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO review_queue (ticket_id, suggested_category, suggested_priority, confidence, model, queued_at)
                        SELECT id, 'billing', NULL, NULL, 'm', 0 FROM tickets WHERE external_id = ?
                        """, arguments: [unlabeled[0]])
            }
        }
    }
}
