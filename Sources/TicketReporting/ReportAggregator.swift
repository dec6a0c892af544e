import Foundation
import TicketModel
import TicketDatabase

/// Computes a period report's figures from the store's report facts (grouped counts read from rollups, so a
/// year over a million tickets reads a few thousand rows). This only arranges the grouped rows that come back.
public struct ReportAggregator {
    public let store: TicketStore
    /// Up to this many resolved tickets, medians and 90th percentiles are exact; above it they come from the
    /// resolution histogram, within 0.5%.
    public var exactPercentileLimit = 5_000

    public init(store: TicketStore) {
        self.store = store
    }

    public func report(for period: ReportPeriod, generatedAt: Date) throws -> PeriodReport {
        do {
            return try store.reportFacts { facts in try report(for: period, generatedAt: generatedAt, facts) }
        } catch StoreError.firstImportRunning(let pid) {
            throw ReportError.firstImportRunning(pid: pid)
        }
    }

    private func report(for period: ReportPeriod, generatedAt: Date, _ facts: ReportFacts) throws -> PeriodReport {
        let (start, end) = period.instants
        let taxonomy = try facts.taxonomy()
        let categories = taxonomy.categoryNames, priorities = taxonomy.priorityNames
        let span = ReportSpan(start: UTCTimestamp.epochSeconds(start), end: UTCTimestamp.epochSeconds(end))
        let daily = try dailyCounts(facts, period)
        let groups = try groupedCounts(facts, span)
        let totals = try self.totals(facts, groups, span)
        var category = Dictionary(uniqueKeysWithValues: categories.map { ($0, 0) })
        var priority = Dictionary(uniqueKeysWithValues: priorities.map { ($0, 0) })
        var status = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, 0) })
        var matrix = Dictionary(uniqueKeysWithValues: categories.map { c in
            (c, Dictionary(uniqueKeysWithValues: priorities.map { ($0, 0) }))
        })
        for group in groups {
            if !group.category.isEmpty { category[group.category, default: 0] += group.tickets }
            if !group.priority.isEmpty { priority[group.priority, default: 0] += group.tickets }
            status[group.status, default: 0] += group.tickets
            if !group.category.isEmpty, !group.priority.isEmpty {
                matrix[group.category, default: [:]][group.priority, default: 0] += group.tickets
            }
        }
        let count = totals.tickets
        func share(_ values: [String: Int]) -> [String: Double] {
            values.mapValues { count == 0 ? 0 : Self.round(Double($0) / Double(count), places: 4) }
        }
        let activeDays = daily.filter { $0.tickets > 0 }.count
        // A period reaching past the report's time averages over the days that have begun, not over days that
        // have not happened yet (week-to-date, a range ending next week).
        let elapsedDays = period.allDays.filter { $0.start(in: period.timeZone) <= generatedAt }.count
        let previous = period.previous
        let previousInstants = previous.instants
        let previousSpan = ReportSpan(start: UTCTimestamp.epochSeconds(previousInstants.start), end: UTCTimestamp.epochSeconds(previousInstants.end))
        let previousTotals = try self.totals(facts, try groupedCounts(facts, previousSpan), previousSpan)
        func change(_ now: Int, _ before: Int) -> PeriodReport.Change {
            PeriodReport.Change(
                absolute: now - before,
                percent: before == 0 ? nil : Self.round(Double(now - before) / Double(before) * 100, places: 2))
        }
        let flow = try self.flow(facts, period, created: totals.tickets)
        // Each window's histograms are read once for both label kinds; the created window's only if needed.
        var createdHistograms: [String: [String: [(hours: Double, tickets: Int)]]]?
        func histograms() throws -> [String: [String: [(hours: Double, tickets: Int)]]] {
            if let createdHistograms { return createdHistograms }
            let read = try facts.resolutionHistograms(start: span.start, end: span.end)
            createdHistograms = read
            return read
        }
        let resolved = try facts.resolutionHistograms(start: span.start, end: span.end, window: .resolved)
        var report = PeriodReport(
            generatedAt: ISO8601DateFormatter().string(from: generatedAt),
            daysElapsed: elapsedDays,
            period: .init(
                label: period.label, start: period.start, end: period.end, timezone: period.timeZoneName,
                days: period.days),
            totals: totals,
            daily: daily,
            avgTicketsPerDay: elapsedDays == 0 ? 0 : Self.round(Double(count) / Double(elapsedDays), places: 2),
            avgTicketsPerActiveDay: activeDays == 0 ? 0 : Self.round(Double(count) / Double(activeDays), places: 2),
            breakdowns: .init(category: category, priority: priority, status: status),
            shares: .init(category: share(category), priority: share(priority), status: share(status)),
            categoryByPriority: matrix,
            resolutionHours: [
                "category": try resolution(
                    facts, kind: .category, labels: categories, groups, span, histograms: histograms),
                "priority": try resolution(
                    facts, kind: .priority, labels: priorities, groups, span, histograms: histograms),
            ],
            previousPeriod: .init(
                label: previous.label, start: previous.start, end: previous.end, totals: previousTotals,
                change: [
                    "tickets": change(totals.tickets, previousTotals.tickets),
                    "unlabeled": change(totals.unlabeled, previousTotals.unlabeled),
                    "open_at_end": change(totals.openAtEnd, previousTotals.openAtEnd),
                ]),
            labelSources: labelSources(groups),
            classification: try classification(facts, span),
            flow: flow.period,
            backlogAge: try backlogAge(facts, span, backlog: flow.period.backlogEnd, taxonomy: taxonomy),
            resolvedHours: [
                "category": try resolvedHours(
                    facts, kind: .category, labels: categories, span, histograms: resolved),
                "priority": try resolvedHours(
                    facts, kind: .priority, labels: priorities, span, histograms: resolved),
            ],
            oldestOpen: try oldestOpen(facts, span),
            trend: flow.trend)
        report.labels = ["category": categories, "priority": priorities]
        try exportColumns(facts, span, into: &report)
        return report
    }

    /// Tickets per calendar day of the period. Day boundaries come from Swift, so DST days have 23 or 25 hours.
    private func dailyCounts(_ facts: ReportFacts, _ period: ReportPeriod) throws -> [PeriodReport.Day] {
        let days = period.allDays
        let counts = try facts.ticketsCreated(
            in: days.map { day in
                (
                    UTCTimestamp.epochSeconds(day.start(in: period.timeZone)),
                    UTCTimestamp.epochSeconds(day.adding(days: 1).start(in: period.timeZone))
                )
            })
        return zip(days, counts).map { PeriodReport.Day(date: $0, tickets: $1) }
    }

    func groupedCounts(_ facts: ReportFacts, _ span: ReportSpan) throws -> [TicketGroup] {
        try facts.groupedCounts(start: span.start, end: span.end)
    }

    /// Totals from the groups. Open at the end: the span's tickets in the backlog at its end, from the backlog's
    /// cohorts for spans of up to a month; for longer ones, the unresolved open tickets of the groups and those
    /// resolved only after the end.
    private func totals(_ facts: ReportFacts, _ groups: [TicketGroup], _ span: ReportSpan) throws -> PeriodReport.Totals {
        var totals = PeriodReport.Totals(tickets: 0, unlabeled: 0, openAtEnd: 0)
        var openUnresolved = 0
        for group in groups {
            totals.tickets += group.tickets
            if group.category.isEmpty || group.priority.isEmpty { totals.unlabeled += group.tickets }
            if !group.resolved, group.status == Status.open.rawValue || group.status == Status.inProgress.rawValue {
                openUnresolved += group.tickets
            }
        }
        if let open = try facts.backlogCreated(from: span.start, to: span.end) {
            totals.openAtEnd = open
        } else {
            totals.openAtEnd =
                openUnresolved
                + (try facts.resolvedAfterEnd(start: span.start, end: span.end, ticketCount: totals.tickets))
        }
        return totals
    }

    private func labelSources(_ groups: [TicketGroup]) -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for kind in ["category", "priority"] {
            var counts = Dictionary(uniqueKeysWithValues: LabelSource.allCases.map { ($0.rawValue, 0) })
            counts["none"] = 0
            for group in groups {
                let source = kind == "category" ? group.categorySource : group.prioritySource
                counts[source.isEmpty ? "none" : source, default: 0] += group.tickets
            }
            result[kind] = counts
        }
        return result
    }

    /// Calls made for the span's tickets.
    private func classification(_ facts: ReportFacts, _ span: ReportSpan) throws -> PeriodReport.Classification {
        let calls = try facts.classificationCalls(start: span.start, end: span.end)
        return .init(requests: calls.requests, costUSD: Self.round(calls.costUSD, places: 4))
    }

    private func oldestOpen(_ facts: ReportFacts, _ span: ReportSpan) throws -> [PeriodReport.OpenTicket] {
        try facts.oldestInBacklog(at: span.end).map {
            .init(
                id: $0.externalID, title: $0.title.shortened(to: PeriodReport.OpenTicket.maxTitleCharacters),
                createdAt: UTCTimestamp.format(epochSeconds: $0.createdAt),
                category: $0.category, priority: $0.priority)
        }
    }

    static func round(_ value: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
