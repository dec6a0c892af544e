import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketReporting

/// The rollups that triggers keep must equal a rebuild from the tickets, whatever happened to them; and a
/// report read from the rollups must equal one computed naively from every ticket.
@Suite struct ReportRollupsTests {
    let store: TicketStore

    init() throws {
        store = try TicketStore()
    }

    /// Random tickets over ~14 months, some before 1970-style edge cases excluded, half resolved.
    static func randomTickets(_ count: Int, seed: UInt64) -> [Ticket] {
        var random = SeededGenerator(seed: seed)
        let start = TicketSeeder.date("2025-09-01T00:00:00Z").timeIntervalSince1970
        return (0..<count).map { i in
            let created = start + Double(Int.random(in: 0..<(420 * 86400), using: &random))
            let resolved: Date? =
                Bool.random(using: &random)
                ? Date(timeIntervalSince1970: created + Double(Int.random(in: 0..<(300 * 3600), using: &random))) : nil
            let category = Int.random(in: 0..<5, using: &random)
            let priority = Int.random(in: 0..<5, using: &random)
            // The export's own columns on most tickets: some values shared by many, some by few.
            let extras = Int.random(in: 0..<1000, using: &random)
            let tagCount = Int.random(in: 0..<4, using: &random)
            return Ticket(
                id: "R-\(i)", title: "t\(i)", description: "",
                category: category < 4 ? Taxonomy.standard.categoryLabels[category] : nil,
                priority: priority < 4 ? Taxonomy.standard.priorityLabels[priority] : nil,
                status: resolved == nil ? [Status.open, .inProgress][i % 2] : [Status.resolved, .closed][i % 2],
                createdAt: Date(timeIntervalSince1970: created), resolvedAt: resolved,
                assignee: extras % 10 == 0 ? nil : "agent-\(extras % 23)",
                group: extras % 7 == 0 ? nil : ["Billing", "Tier 1", "Tier 2"][extras % 3],
                channel: extras % 5 == 0 ? nil : ["email", "web", "chat"][extras % 3],
                tags: Array(["vip", "bug", "sso", "refund"].prefix(tagCount)),
                firstResponseAt: extras % 4 == 0 ? nil : Date(timeIntervalSince1970: created + Double(extras * 97)),
                satisfaction: extras % 3 == 0 ? nil : ["good", "bad", "4", "2"][extras % 4])
        }
    }

    func snapshot() throws -> [String] {
        try store.writer.read { db in
            try [
                "report_hours", "report_days", "report_resolution", "report_calls", "report_flow",
                "report_resolved_hours", "report_dimensions", "report_first_response", "report_backlog_cohorts",
            ].flatMap { table in
                let counts =
                    switch table {
                    case "report_calls": "requests != 0"
                    case "report_flow": "(entered != 0 OR exited != 0 OR resolved != 0 OR untimed != 0)"
                    case "report_dimensions": "(created != 0 OR entered != 0 OR exited != 0 OR resolved != 0)"
                    default: "tickets != 0"
                    }
                return try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE \(counts) ORDER BY 1")
                .map { "\(table) \($0)" }
            }
        }
    }

    @Test func triggersKeepTheRollupsEqualToARebuild() throws {
        try TicketSeeder.seed(store, Self.randomTickets(400, seed: 1))
        try store.writer.write { db in
            // Relabel, resolve, move in time, and delete, as classification, re-imports and people do.
            try db.execute(sql: "UPDATE tickets SET category = 'account', category_source = 'llm' WHERE id % 7 = 0")
            try db.execute(
                sql: "UPDATE tickets SET resolved_at = created_at + 7200, status = 'resolved' WHERE id % 11 = 0")
            try db.execute(sql: "UPDATE tickets SET created_at = created_at - 90000 WHERE id % 13 = 0")
            // Closed without a time, and resolved before creation: counted apart, and never in the backlog.
            try db.execute(sql: "UPDATE tickets SET status = 'closed', resolved_at = NULL WHERE id % 23 = 0")
            try db.execute(sql: "UPDATE tickets SET resolved_at = created_at - 500 WHERE id % 29 = 0")
            try db.execute(sql: "UPDATE tickets SET priority = NULL, priority_source = NULL WHERE id % 31 = 0")
            // People move tickets between teams and retag them.
            try db.execute(
                sql: """
                    UPDATE tickets SET group_name = 'Tier 3', assignee = NULL, tags = '["sso","new"]',
                        satisfaction = 'good', first_response_at = created_at + 60 WHERE id % 37 = 0
                    """)
            try db.execute(
                sql: """
                    INSERT INTO classification_calls (ticket_id, provider, model, prompt_version, text_hash, status, cost_usd, created_at)
                    SELECT id, 'anthropic', 'm', 'v', 0, 'labeled', 0.001, 0 FROM tickets WHERE id % 5 = 0
                    """)
            try db.execute(sql: "UPDATE tickets SET created_at = created_at + 200000 WHERE id % 10 = 0")
            try db.execute(sql: "DELETE FROM classification_calls WHERE ticket_id % 17 = 0")
            try db.execute(sql: "DELETE FROM tickets WHERE id % 17 = 0")
            // Tickets whose calls go with them by the foreign key's cascade.
            try db.execute(sql: "DELETE FROM tickets WHERE id % 19 = 0")
        }
        let maintained = try snapshot()
        try store.writer.write { db in try ReportRollups.restore(db) }
        let rebuilt = try snapshot()
        #expect(maintained.count == rebuilt.count)
        let differences = Set(maintained).symmetricDifference(rebuilt).sorted()
        #expect(differences.isEmpty, "\(differences.prefix(10))")
        #expect(!rebuilt.isEmpty)
    }

    /// What the report says, computed from every ticket in Swift: the reference the SQL must match.
    func naive(_ tickets: [Ticket], _ period: ReportPeriod) -> (
        totals: PeriodReport.Totals, daily: [Int], category: [String: Int],
        sources: [String: Int], resolved: [String: (count: Int, mean: Double, median: Double, p90: Double)]
    ) {
        let (start, end) = period.instants
        let inside = tickets.filter { $0.createdAt >= start && $0.createdAt < end }
        var totals = PeriodReport.Totals(tickets: inside.count, unlabeled: 0, openAtEnd: 0)
        var category: [String: Int] = [:]
        var sources: [String: Int] = [:]
        var hours: [String: [Double]] = [:]
        for ticket in inside {
            if ticket.category == nil || ticket.priority == nil { totals.unlabeled += 1 }
            let open = ticket.resolvedAt.map { $0 >= end } ?? [.open, .inProgress].contains(ticket.status)
            if open { totals.openAtEnd += 1 }
            if let c = ticket.category { category[c.rawValue, default: 0] += 1 }
            sources[ticket.category == nil ? "none" : "imported", default: 0] += 1
            if let resolved = ticket.resolvedAt, let c = ticket.category {
                hours[c.rawValue, default: []].append(resolved.timeIntervalSince(ticket.createdAt) / 3600)
            }
        }
        let daily = period.allDays.map { day in
            inside.filter {
                $0.createdAt >= day.start(in: period.timeZone)
                    && $0.createdAt < day.adding(days: 1).start(in: period.timeZone)
            }.count
        }
        let resolved = hours.mapValues { values -> (Int, Double, Double, Double) in
            let sorted = values.sorted()
            func quantile(_ q: Double) -> Double {
                let position = Double(sorted.count - 1) * q
                let lower = Int(position.rounded(.down))
                let b = lower + 1 < sorted.count ? sorted[lower + 1] : sorted[lower]
                return sorted[lower] + (b - sorted[lower]) * (position - Double(lower))
            }
            return (sorted.count, values.reduce(0, +) / Double(values.count), quantile(0.5), quantile(0.9))
        }
        return (totals, daily, category, sources, resolved)
    }

    @Test(arguments: ["UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns"])
    func reportsFromRollupsEqualANaiveCount(zone: String) throws {
        let tickets = Self.randomTickets(1500, seed: 7)
        try TicketSeeder.seed(store, tickets)
        let now = TicketSeeder.date("2026-11-25T08:00:00Z")
        for text in ["2026-03-29", "2026-W13", "2026-02", "2025-12-20..2026-02-10", "2025-10-25..2026-10-26"] {
            let period = try ReportPeriod.parse(text, now: now, timeZone: TimeZone(identifier: zone)!)
            let expected = naive(tickets, period)
            for limit in [1_000_000, 0] {
                var aggregator = ReportAggregator(store: store)
                aggregator.exactPercentileLimit = limit
                let report = try aggregator.report(for: period, generatedAt: now)
                #expect(report.totals == expected.totals, "\(text) \(zone)")
                #expect(report.daily.map(\.tickets) == expected.daily, "\(text) \(zone)")
                #expect(report.breakdowns.category.filter { $0.value > 0 } == expected.category, "\(text) \(zone)")
                #expect(report.labelSources["category"]?.filter { $0.value > 0 } == expected.sources, "\(text) \(zone)")
                for (label, stats) in expected.resolved {
                    let got = try #require(report.resolutionHours["category"]?[label])
                    #expect(
                        got.count == stats.count && got.mean == ReportAggregator.round(stats.mean, places: 2),
                        "\(text) \(zone) \(label)")
                    let median = try #require(got.median)
                    let p90 = try #require(got.p90)
                    if limit > 0 {
                        #expect(
                            median == ReportAggregator.round(stats.median, places: 2)
                                && p90 == ReportAggregator.round(stats.p90, places: 2))
                    } else {
                        // The histogram: within 0.5%, and the rounding to two places.
                        #expect(
                            abs(median - stats.median) <= stats.median * 0.005 + 0.006,
                            "\(text) \(zone) \(label) median")
                        #expect(abs(p90 - stats.p90) <= stats.p90 * 0.005 + 0.006, "\(text) \(zone) \(label) p90")
                    }
                }
            }
        }
    }

    @Test func aFirstLoadLeftUnfinishedIsRebuiltWhenTheStoreOpens() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("t.sqlite")
        do {
            let store = try TicketStore(path: path)
            try TicketSeeder.seed(store, Self.randomTickets(50, seed: 3))
            // As a first load does before it dies: triggers and secondary indexes gone.
            try store.writer.write { db in try ReportRollups.suspend(db) }
            try TicketSeeder.seed(
                store,
                [Ticket(id: "late", title: "x", description: "", createdAt: TicketSeeder.date("2026-01-01T00:00:00Z"))])
            #expect(try store.writer.read(ReportRollups.isComplete) == false)
        }
        let reopened = try TicketStore(path: path)
        #expect(try reopened.writer.read(ReportRollups.isComplete))
        let total = try reopened.writer.read { db in try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours")
        }
        #expect(total == 51)
    }

    @Test func whileAnotherProcessLoadsNobodyRebuildsUnderItAndReportsSaySo() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("t.sqlite")
        do {
            let store = try TicketStore(path: path)
            try TicketSeeder.seed(store, Self.randomTickets(20, seed: 4))
            try store.writer.write { db in
                try ReportRollups.suspend(db)
                // Process 1 is always alive: as if another process were in its first load.
                try db.execute(sql: "UPDATE report_rollup_state SET suspended_by = 1")
            }
        }
        let other = try TicketStore(path: path)
        #expect(try other.writer.read(ReportRollups.isComplete) == false)
        let period = try ReportPeriod.parse("2026-01", now: Date(), timeZone: TimeZone(identifier: "UTC")!)
        #expect(throws: ReportError.firstImportRunning(pid: 1)) {
            _ = try ReportAggregator(store: other).report(for: period, generatedAt: Date())
        }
    }
}

/// Flow, backlog, backlog age, resolutions in the period, the oldest of the backlog and the trend, read from the
/// flow rollups and the period's edges, equal a count over every ticket in Swift.
@Suite struct FlowRollupsTests {
    /// `ReportRollupsTests.randomTickets` with tickets closed without a time and resolved before their creation.
    static func tickets() -> [Ticket] {
        ReportRollupsTests.randomTickets(1500, seed: 11).enumerated().map { index, ticket in
            var ticket = ticket
            if index % 9 == 0 {
                ticket.status = .closed
                ticket.resolvedAt = nil
            } else if index % 13 == 0 {
                ticket.resolvedAt = ticket.createdAt.addingTimeInterval(-3600)
                ticket.status = .resolved
            }
            return ticket
        }
    }

    static func inBacklog(_ ticket: Ticket, at instant: Date) -> Bool {
        guard ticket.createdAt < instant else { return false }
        if let resolved = ticket.resolvedAt { return resolved >= instant }
        return ticket.status == .open || ticket.status == .inProgress
    }

    @Test(arguments: ["UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns"])
    func flowAndBacklogFromRollupsEqualANaiveCount(zone: String) throws {
        let store = try TicketStore()
        let tickets = Self.tickets()
        try TicketSeeder.seed(store, tickets)
        let now = TicketSeeder.date("2026-11-25T08:00:00Z")
        var compared = 0
        for text in ["2026-03-29", "2026-W13", "2026-02", "2025-12-20..2026-02-10", "2026-10"] {
            let period = try ReportPeriod.parse(text, now: now, timeZone: TimeZone(identifier: zone)!)
            let (start, end) = period.instants
            for limit in [1_000_000, 0] {
                var aggregator = ReportAggregator(store: store)
                aggregator.exactPercentileLimit = limit
                let report = try aggregator.report(for: period, generatedAt: now)
                let context = "\(text) \(zone) limit \(limit)"
                let backlogEnd = tickets.filter { Self.inBacklog($0, at: end) }
                let expectedFlow = PeriodReport.Flow(
                    created: tickets.filter { $0.createdAt >= start && $0.createdAt < end }.count,
                    resolved: tickets.filter { $0.resolvedAt.map { $0 >= start && $0 < end } ?? false }.count,
                    backlogStart: tickets.filter { Self.inBacklog($0, at: start) }.count,
                    backlogEnd: backlogEnd.count,
                    netChange: backlogEnd.count - tickets.filter { Self.inBacklog($0, at: start) }.count,
                    closedWithoutTime: tickets.filter {
                        $0.createdAt < end && $0.resolvedAt == nil && ($0.status == .closed || $0.status == .resolved)
                    }.count)
                #expect(report.flow == expectedFlow, "\(context)")
                compared += expectedFlow.backlogEnd + expectedFlow.resolved

                func ages(_ selected: [Ticket]) -> PeriodReport.AgeBuckets {
                    var buckets = PeriodReport.AgeBuckets()
                    for ticket in selected {
                        let age = Int64(end.timeIntervalSince(ticket.createdAt))
                        buckets.add(1, bucket: PeriodReport.AgeBuckets.bounds.firstIndex { age < $0 } ?? 4)
                    }
                    return buckets
                }
                #expect(report.backlogAge.total == ages(backlogEnd), "\(context)")
                for category in Taxonomy.standard.categoryLabels {
                    #expect(
                        report.backlogAge.byCategory[category.rawValue] == ages(backlogEnd.filter { $0.category == category }),
                        "\(context) \(category)")
                }
                for priority in Taxonomy.standard.priorityLabels {
                    #expect(
                        report.backlogAge.byPriority[priority.rawValue] == ages(backlogEnd.filter { $0.priority == priority }),
                        "\(context) \(priority)")
                }
                // The oldest of the whole backlog, in order of creation (then of storing).
                let oldest = backlogEnd.enumerated().sorted { ($0.element.createdAt, $0.offset) < ($1.element.createdAt, $1.offset) }
                    .prefix(10).map(\.element.id)
                #expect(report.oldestOpen.map(\.id) == Array(oldest), "\(context)")

                for priority in Taxonomy.standard.priorityLabels {
                    let hours = tickets.filter {
                        $0.priority == priority && $0.resolvedAt.map { $0 >= start && $0 < end } ?? false
                    }.map { max(0, $0.resolvedAt!.timeIntervalSince($0.createdAt)) / 3600 }.sorted()
                    let got = try #require(report.resolvedHours["priority"]?[priority.rawValue])
                    #expect(got.count == hours.count, "\(context) \(priority)")
                    guard !hours.isEmpty else { continue }
                    let median = ReportAggregator.quantile(0.5, of: hours.count) { hours[$0 - 1] }
                    let p90 = ReportAggregator.quantile(0.9, of: hours.count) { hours[$0 - 1] }
                    let tolerance = limit > 0 ? 0 : 0.006
                    #expect(abs(try #require(got.median) - median) <= median * (limit > 0 ? 0 : 0.005) + tolerance, "\(context)")
                    #expect(abs(try #require(got.p90) - p90) <= p90 * (limit > 0 ? 0 : 0.005) + tolerance, "\(context)")
                }

                if let trend = period.trend {
                    let expected = trend.map { earlier -> [Int] in
                        let (start, end) = earlier.instants
                        return [
                            tickets.filter { $0.createdAt >= start && $0.createdAt < end }.count,
                            tickets.filter { $0.resolvedAt.map { $0 >= start && $0 < end } ?? false }.count,
                            tickets.filter { Self.inBacklog($0, at: end) }.count,
                        ]
                    }
                    let got = try #require(report.trend)
                    #expect(got.map { [$0.created, $0.resolved, $0.backlogEnd] } == expected, "\(context)")
                    #expect(got.map(\.label) == trend.map(\.label))
                    #expect(got.last?.label == period.label)
                } else {
                    #expect(report.trend == nil, "\(context)")
                }
            }
        }
        #expect(compared > 1000)
    }
}

/// Breakdowns by group, assignee, channel and tag, satisfaction and first-response hours, read from their
/// rollups and the edges, equal a count over every ticket in Swift.
@Suite struct ExportColumnRollupsTests {
    static func values(_ ticket: Ticket, _ dimension: String) -> [String] {
        switch dimension {
        case "group": ticket.group.map { [$0] } ?? []
        case "assignee": ticket.assignee.map { [$0] } ?? []
        case "channel": ticket.channel.map { [$0] } ?? []
        default: ticket.tags
        }
    }

    @Test(arguments: ["UTC", "Asia/Kolkata", "America/St_Johns"])
    func breakdownsFromRollupsEqualANaiveCount(zone: String) throws {
        let store = try TicketStore()
        let tickets = FlowRollupsTests.tickets()
        try TicketSeeder.seed(store, tickets)
        let now = TicketSeeder.date("2026-11-25T08:00:00Z")
        for text in ["2026-03-29", "2026-W13", "2026-02", "2025-12-20..2026-02-10"] {
            let period = try ReportPeriod.parse(text, now: now, timeZone: TimeZone(identifier: zone)!)
            let (start, end) = period.instants
            for limit in [1_000_000, 0] {
                var aggregator = ReportAggregator(store: store)
                aggregator.exactPercentileLimit = limit
                let report = try aggregator.report(for: period, generatedAt: now)
                let context = "\(text) \(zone) limit \(limit)"
                for (dimension, got) in [
                    ("group", report.breakdowns.group), ("assignee", report.breakdowns.assignee),
                    ("channel", report.breakdowns.channel), ("tag", report.breakdowns.tag),
                ] {
                    var counts: [String: PeriodReport.DimensionCounts] = [:]
                    for ticket in tickets {
                        for value in Self.values(ticket, dimension) {
                            var entry = counts[value] ?? .init(created: 0, resolved: 0, backlogEnd: 0)
                            if ticket.createdAt >= start && ticket.createdAt < end { entry.created += 1 }
                            if let resolved = ticket.resolvedAt, resolved >= start, resolved < end { entry.resolved += 1 }
                            if FlowRollupsTests.inBacklog(ticket, at: end) { entry.backlogEnd += 1 }
                            counts[value] = entry
                        }
                    }
                    let ranked = counts.filter { $0.value != .init(created: 0, resolved: 0, backlogEnd: 0) }
                        .sorted { ($0.value.created, $1.key) > ($1.value.created, $0.key) }
                    var expected = Dictionary(uniqueKeysWithValues: ranked.prefix(15).map { ($0.key, $0.value) })
                    if ranked.count > 15 {
                        let rest = ranked.dropFirst(15).map(\.value)
                        expected["other"] = .init(
                            created: rest.reduce(0) { $0 + $1.created }, resolved: rest.reduce(0) { $0 + $1.resolved },
                            backlogEnd: rest.reduce(0) { $0 + $1.backlogEnd })
                    }
                    #expect(got == expected, "\(context) \(dimension)")
                }
                #expect(report.breakdowns.assignee?["other"] != nil, "23 assignees: the last 8 are summed")

                let created = tickets.filter { $0.createdAt >= start && $0.createdAt < end }
                let answers = created.compactMap(\.satisfaction)
                let satisfaction = try #require(report.satisfaction)
                #expect(satisfaction.responses == answers.count, "\(context)")
                #expect(satisfaction.good == answers.filter { $0 == "good" }.count)
                #expect(satisfaction.bad == answers.filter { $0 == "bad" }.count)
                let scores = answers.compactMap { Int($0) }
                #expect(satisfaction.scores == scores.count)
                if !scores.isEmpty {
                    #expect(
                        satisfaction.meanScore
                            == ReportAggregator.round(Double(scores.reduce(0, +)) / Double(scores.count), places: 2))
                }

                let hours = created.compactMap { ticket in
                    ticket.firstResponseAt.map { max(0, $0.timeIntervalSince(ticket.createdAt)) / 3600 }
                }.sorted()
                let firstResponse = try #require(report.firstResponseHours)
                #expect(firstResponse.count == hours.count, "\(context)")
                if !hours.isEmpty {
                    let median = ReportAggregator.quantile(0.5, of: hours.count) { hours[$0 - 1] }
                    let p90 = ReportAggregator.quantile(0.9, of: hours.count) { hours[$0 - 1] }
                    let (scale, slack) = limit > 0 ? (0.0, 0.0) : (0.005, 0.006)
                    #expect(abs(try #require(firstResponse.median) - median) <= median * scale + slack, "\(context)")
                    #expect(abs(try #require(firstResponse.p90) - p90) <= p90 * scale + slack, "\(context)")
                }
            }
        }
    }

    /// The HTML lists a breakdown's values by tickets created, and the sum of the rest last, whatever its size.
    @Test func theSumOfTheRestComesLastInTheHTML() throws {
        let store = try TicketStore()
        try TicketSeeder.seed(store, FlowRollupsTests.tickets())
        let now = TicketSeeder.date("2026-11-25T08:00:00Z")
        let report = try ReportAggregator(store: store).report(
            for: try ReportPeriod.parse("2026-02", now: now, timeZone: TimeZone(identifier: "UTC")!), generatedAt: now)
        let assignees = try #require(report.breakdowns.assignee)
        #expect(assignees.count == 16)
        let html = try HTMLReportRenderer().render(report)
        let table = try #require(html.range(of: "By assignee: values")).upperBound
        let rows = html[table...].prefix { _ in true }.components(separatedBy: "</tbody>")[0]
            .components(separatedBy: "<tr><td class=\"text\">").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(rows.count == 16)
        #expect(rows.last == "other", "\(rows)")
        let shown = rows.dropLast().map { assignees[String($0)]!.created }
        #expect(shown == shown.sorted(by: >))
    }

    /// A store whose tickets have none of the columns reports none of their sections, not zeros.
    @Test func sectionsTheDataDoesNotHaveAreAbsent() throws {
        let store = try TicketStore()
        try TicketSeeder.seed(store, [
            Ticket(id: "1", title: "t", description: "", createdAt: TicketSeeder.date("2026-11-20T10:00:00Z"))
        ])
        let now = TicketSeeder.date("2026-11-25T08:00:00Z")
        let report = try ReportAggregator(store: store).report(
            for: try ReportPeriod.parse("2026-W47", now: now, timeZone: TimeZone(identifier: "UTC")!), generatedAt: now)
        #expect(report.breakdowns.group == nil && report.breakdowns.tag == nil && report.satisfaction == nil)
        #expect(report.firstResponseHours == nil)
        let json = String(decoding: try JSONReportRenderer.render(report), as: UTF8.self)
        #expect(!json.contains("\"group\"") && !json.contains("satisfaction") && !json.contains("first_response"))
    }
}
