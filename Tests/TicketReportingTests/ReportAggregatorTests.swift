import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketReporting

@Suite struct ReportAggregatorTests {
    let store: TicketStore
    let generatedAt = TicketSeeder.date("2026-11-25T08:00:00Z")

    init() throws {
        store = try TicketStore()
    }

    func ticket(
        _ id: String, _ created: String, _ category: TicketModel.Category? = .billing, _ priority: Priority? = .low,
        status: Status = .open, resolved: String? = nil, title: String = "A ticket"
    ) -> Ticket {
        Ticket(
            id: id, title: title, description: "", category: category, priority: priority, status: status,
            createdAt: TicketSeeder.date(created), resolvedAt: resolved.map(TicketSeeder.date))
    }

    func report(_ text: String, zone: String = "UTC") throws -> PeriodReport {
        let period = try ReportPeriod.parse(text, now: generatedAt, timeZone: TimeZone(identifier: zone)!)
        return try ReportAggregator(store: store).report(for: period, generatedAt: generatedAt)
    }

    /// The week of 2026-11-25 (a Wednesday, 08:00 UTC): three of its days have begun, and the average is over
    /// those three, which the HTML says; a past week averages over all seven.
    @Test func aPeriodReachingPastTheReportAveragesOverTheDaysThatHaveBegun() throws {
        try TicketSeeder.seed(store, [
            ticket("1", "2026-11-23T09:00:00Z"), ticket("2", "2026-11-24T10:00:00Z"), ticket("3", "2026-11-25T07:00:00Z"),
            ticket("4", "2026-11-16T09:00:00Z"),
        ])
        let current = try report("2026-W48")
        #expect(current.daysElapsed == 3)
        #expect(current.avgTicketsPerDay == 1)
        let html = try HTMLReportRenderer().render(current)
        #expect(html.contains("3 of its 7 days had begun"))
        #expect(html.contains("average per calendar day so far"))
        let past = try report("2026-W47")
        #expect(past.daysElapsed == 7)
        #expect(past.avgTicketsPerDay == 0.14)
        #expect(!(try HTMLReportRenderer().render(past).contains("had begun")))
        #expect(try report("2026-12").avgTicketsPerDay == 0)
    }

    @Test func dailySeriesIsZeroFilledAndBothAveragesAreReported() throws {
        try TicketSeeder.seed(store, [
            ticket("1", "2026-11-16T09:00:00Z"), ticket("2", "2026-11-16T23:59:59Z"),
            ticket("3", "2026-11-18T00:00:00Z", .technical, .high), ticket("4", "2026-11-23T00:00:00Z"),
        ])
        let week = try report("2026-W47")
        #expect(week.daily.map(\.tickets) == [2, 0, 1, 0, 0, 0, 0])
        #expect(week.daily.first?.date.description == "2026-11-16")
        #expect(week.totals.tickets == 3)
        #expect(week.avgTicketsPerDay == 0.43)  // 3 / 7
        #expect(week.avgTicketsPerActiveDay == 1.5)  // 3 / 2
        #expect(week.breakdowns.category == ["billing": 2, "technical": 1, "account": 0, "general": 0])
        #expect(week.breakdowns.priority == ["low": 2, "medium": 0, "high": 1, "critical": 0])
        #expect(week.categoryByPriority["technical"]?["high"] == 1)
        #expect(week.shares.category["billing"] == 0.6667)
    }

    @Test func calendarDaysFollowTheTimeZoneAcrossDST() throws {
        try TicketSeeder.seed(store, [
            ticket("a", "2026-10-24T22:30:00Z"),  // 00:30 on the 25th in Berlin (UTC+2)
            ticket("b", "2026-10-25T22:30:00Z"),  // 23:30 on the 25th (UTC+1 after the change)
            ticket("c", "2026-10-25T23:30:00Z"),  // 00:30 on the 26th
        ])
        let berlin = try report("2026-10-25..2026-10-26", zone: "Europe/Berlin")
        #expect(berlin.daily.map(\.tickets) == [2, 1])
        let utc = try report("2026-10-25..2026-10-26")
        #expect(utc.daily.map(\.tickets) == [2, 0])  // in UTC "a" falls on the 24th, outside
    }

    /// Santiago's clocks jump from 00:00 to 01:00 on 2026-09-06: that day starts at 04:00 UTC, and a ticket
    /// of 23:30 the evening before belongs to the 5th (it was counted on the 6th).
    @Test func aDayWhoseMidnightIsSkippedStartsAtTheJump() throws {
        try TicketSeeder.seed(store, [
            ticket("a", "2026-09-06T03:30:00Z"),  // 23:30 on the 5th (UTC-4)
            ticket("b", "2026-09-06T04:30:00Z"),  // 01:30 on the 6th (UTC-3)
        ])
        let santiago = try report("2026-09-05..2026-09-06", zone: "America/Santiago")
        #expect(santiago.daily.map(\.tickets) == [1, 1])
    }

    @Test func unlabeledAndOpenAtEnd() throws {
        try TicketSeeder.seed(store, [
            ticket("1", "2026-11-16T09:00:00Z", nil, .low),
            ticket("2", "2026-11-16T09:00:00Z", .billing, nil, status: .resolved, resolved: "2026-11-17T09:00:00Z"),
            // Resolved, but only after the period ended: it was open at the end.
            ticket("3", "2026-11-17T09:00:00Z", status: .closed, resolved: "2026-11-30T09:00:00Z"),
            ticket("4", "2026-11-17T09:00:00Z", status: .inProgress),
        ])
        let week = try report("2026-W47")
        #expect(week.totals == .init(tickets: 4, unlabeled: 2, openAtEnd: 3))
        #expect(week.oldestOpen.map(\.id) == ["1", "3", "4"])
    }

    /// The oldest open tickets' titles are cut for the report: one title of megabytes (a pasted log) made both
    /// report files megabytes long.
    @Test func anOldOpenTicketsLongTitleIsCut() throws {
        let long = "Export fails " + String(repeating: "é", count: 2_000_000)
        try TicketSeeder.seed(store, [ticket("1", "2026-11-16T09:00:00Z", title: long), ticket("2", "2026-11-16T10:00:00Z")])
        let week = try report("2026-W47")
        let cut = try #require(week.oldestOpen.first?.title)
        #expect(cut.count == PeriodReport.OpenTicket.maxTitleCharacters + 1)
        #expect(cut == String(long.prefix(PeriodReport.OpenTicket.maxTitleCharacters)) + "…")
        #expect(week.oldestOpen.last?.title == "A ticket")
    }

    @Test func resolutionTimesUseLinearPercentiles() throws {
        try TicketSeeder.seed(store, (1...4).map { hours in
            ticket("r\(hours)", "2026-11-16T00:00:00Z", .account, .medium, status: .resolved,
                   resolved: "2026-11-16T0\(hours):00:00Z")
        })
        let stats = try #require(try report("2026-W47").resolutionHours["category"]?["account"])
        #expect(stats == .init(count: 4, mean: 2.5, median: 2.5, p90: 3.7))
        #expect(try report("2026-W47").resolutionHours["category"]?["billing"] == .init(count: 0))
    }

    @Test func previousPeriodChange() throws {
        try TicketSeeder.seed(store, [
            ticket("p1", "2026-11-10T00:00:00Z"), ticket("p2", "2026-11-11T00:00:00Z"),
            ticket("c1", "2026-11-17T00:00:00Z"), ticket("c2", "2026-11-18T00:00:00Z"), ticket("c3", "2026-11-19T00:00:00Z"),
        ])
        let week = try report("2026-W47")
        #expect(week.previousPeriod.label == "2026-W46")
        #expect(week.previousPeriod.totals.tickets == 2)
        #expect(week.previousPeriod.change["tickets"] == .init(absolute: 1, percent: 50))
    }

    @Test func emptyPeriodRendersAClearMessage() throws {
        let empty = try report("2026-W47")
        #expect(empty.totals.tickets == 0)
        #expect(empty.avgTicketsPerDay == 0 && empty.avgTicketsPerActiveDay == 0)
        let html = try HTMLReportRenderer().render(empty)
        #expect(html.contains("No tickets were created in this period."))
        // No chart of the period's tickets; the trend and the backlog still show what came before.
        #expect(!html.contains("id=\"daily-title\"") && !html.contains("id=\"category-title\""))
        #expect(html.contains("id=\"trend-title\""))
    }

    @Test func ticketTextIsEscapedInHTML() throws {
        try TicketSeeder.seed(store, [ticket("x", "2026-11-17T00:00:00Z", title: "<script>alert(1)</script> & \"more\"")])
        let html = try HTMLReportRenderer().render(try report("2026-W47"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }
}
