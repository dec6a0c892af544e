import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketDatabase
@testable import TicketModel

@Suite struct ReportFactsTests {
    /// A report's requests are calls to the API: the local model's labels and reused answers made none. The
    /// rollups (whole days) and the edges (part days) agree, and so does a rebuild.
    @Test func onlyAPIRequestsCountAsRequests() throws {
        let store = try TicketStore()
        let created = TicketSeeder.date("2026-11-20T10:00:00Z")
        try TicketSeeder.seed(store, (0..<4).map { Ticket(id: "T-\($0)", title: "t\($0)", description: "", createdAt: created) })
        let requests = (1...4).map {
            ClassificationRequest(ticketID: Int64($0), externalID: "T-\($0 - 1)", title: "t\($0 - 1)", description: "")
        }
        let label = ClassificationLabel(category: .billing, priority: .low)
        let local = ClassifierIdentity(provider: "local", model: "local-linear-svm-v1", promptVersion: "f1")
        let claude = ClassifierIdentity(provider: "anthropic", model: "claude-haiku-4-5", promptVersion: "p1")
        try store.transaction { transaction in
            try transaction.record(
                requests[0], result: .labeled(label), calls: [CallRecord(attempt: 1, costUSD: 0)], by: local,
                reused: false, relabel: false, at: created)
            try transaction.record(
                requests[1], result: .labeled(label),
                calls: [
                    CallRecord(attempt: 1, httpStatus: 529, costUSD: 0), CallRecord(attempt: 2, httpStatus: 200, costUSD: 0.002),
                ], by: claude, reused: false, relabel: false, at: created)
            // Identical text: the earlier answer is reused, and no request is made.
            let same = ClassificationRequest(ticketID: 3, externalID: "T-2", title: "t1", description: "")
            let reused = try transaction.reuseEarlierAnswer(for: same, by: claude, relabel: false, at: created)
            #expect(reused?.label == label && reused?.queued == false)
        }
        let day = Int64(created.timeIntervalSince1970) / 86_400 * 86_400
        func calls() throws -> [Int] {
            try [(day, day + 86_400), (day + 3_600, day + 86_400)].map { span in
                try store.reportFacts { try $0.classificationCalls(start: span.0, end: span.1).requests }
            }
        }
        #expect(try calls() == [2, 2])
        try store.writer.write { try ReportRollups.restore($0) }
        #expect(try calls() == [2, 2])
        let cost = try store.reportFacts { try $0.classificationCalls(start: day, end: day + 86_400).costUSD }
        #expect(abs(cost - 0.002) < 1e-12)
    }

    /// The backlog's age at any instant, read from the cohorts and the edges, equals a count over every ticket:
    /// at random instants and at day boundaries, with tickets created and resolved exactly on the boundaries
    /// of days and of the age buckets, resolved before their creation, and closed without a time.
    @Test func backlogAgeFromCohortsEqualsANaiveCount() throws {
        let store = try TicketStore()
        let midnight = TicketSeeder.date("2026-03-10T00:00:00Z")
        var tickets = Array(FlowRollupsTests.tickets().prefix(1200))
        let bounds: [Int64] = [86_400, 3 * 86_400, 7 * 86_400, 30 * 86_400]
        // On the boundaries of the instants tested below: created exactly a bucket's bound before, resolved
        // exactly at the instant or a second before.
        for (i, bound) in ([0, 1] + bounds + [31 * 86_400]).enumerated() {
            let created = midnight.addingTimeInterval(-TimeInterval(bound))
            for (j, resolved) in [Date?.none, midnight, midnight.addingTimeInterval(-1), created].enumerated() {
                tickets.append(
                    Ticket(
                        id: "B-\(i)-\(j)", title: "b", description: "", category: .billing, priority: .high,
                        status: resolved == nil ? .open : .resolved, createdAt: created, resolvedAt: resolved))
            }
        }
        try TicketSeeder.seed(store, tickets)
        var random = SeededGenerator(seed: 5)
        let start = Int64(midnight.timeIntervalSince1970)
        var instants = (0..<40).map { _ in start + Int64.random(in: -200 * 86_400..<60 * 86_400, using: &random) }
        instants += [start, start + 1, start - 1, start + 43_200, start - 3_600, start + 86_400 - 1]
        for instant in instants {
            var expected: [String: Int] = [:]
            for ticket in tickets where FlowRollupsTests.inBacklog(ticket, at: Date(timeIntervalSince1970: Double(instant))) {
                let age = instant - Int64(ticket.createdAt.timeIntervalSince1970)
                guard let bucket = bounds.firstIndex(where: { age < $0 }) else { continue }
                expected["\(ticket.category?.rawValue ?? "") \(ticket.priority?.rawValue ?? "") \(bucket)", default: 0] += 1
            }
            let got = try store.reportFacts { try $0.backlogAge(at: instant, bounds: bounds) }
            let keyed = Dictionary(
                got.map { ("\($0.category) \($0.priority) \($0.bucket)", $0.tickets) }, uniquingKeysWith: +)
            #expect(keyed == expected, "at \(instant)")
        }
    }
}
