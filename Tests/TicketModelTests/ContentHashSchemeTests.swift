import Foundation
import Testing

@testable import TicketModel

/// The label-free hashes a later import compares are the hashes of the same ticket without those labels, in
/// either scheme, so a ticket imported without a label and given it since reads as unchanged.
@Suite struct ContentHashSchemeTests {
    static let labeled = Ticket(
        id: "T-1", title: "Refund, please", description: "Charged twice: \"café\" 日本語", category: .billing,
        priority: .high, status: .resolved, createdAt: Date(timeIntervalSince1970: 1_772_359_200),
        resolvedAt: Date(timeIntervalSince1970: 1_772_451_000), assignee: "Ana", tags: ["vip", "refund"])

    func without(_ ticket: Ticket, category: Bool = false, priority: Bool = false) -> Ticket {
        var ticket = ticket
        if category { ticket.category = nil }
        if priority { ticket.priority = nil }
        return ticket
    }

    @Test(arguments: [ContentHashScheme.fnv1aBytes, .words])
    func labelFreeHashesAreTheTicketsHashWithoutThoseLabels(scheme: ContentHashScheme) {
        let ticket = Self.labeled
        let (hash, labelFree) = scheme.hashes(ticket)
        #expect(hash == scheme.hash(ticket))
        #expect(labelFree.withoutCategory == scheme.hash(without(ticket, category: true)))
        #expect(labelFree.withoutPriority == scheme.hash(without(ticket, priority: true)))
        #expect(labelFree.withoutEither == scheme.hash(without(ticket, category: true, priority: true)))
        #expect(Set([hash, labelFree.withoutCategory, labelFree.withoutPriority, labelFree.withoutEither]).count == 4)
    }

    /// A label the row lacks has no variant: the row's own hash stands in.
    @Test(arguments: [ContentHashScheme.fnv1aBytes, .words])
    func aRowWithOneLabelHasOneVariant(scheme: ContentHashScheme) {
        let ticket = without(Self.labeled, priority: true)
        let (hash, labelFree) = scheme.hashes(ticket)
        #expect(labelFree.withoutCategory == scheme.hash(without(ticket, category: true)))
        #expect(labelFree.withoutPriority == hash && labelFree.withoutEither == hash)
        let unlabeled = scheme.hashes(without(ticket, category: true))
        let variants = [unlabeled.labelFree.withoutCategory, unlabeled.labelFree.withoutPriority, unlabeled.labelFree.withoutEither]
        #expect(variants.allSatisfy { $0 == unlabeled.hash })
    }
}
