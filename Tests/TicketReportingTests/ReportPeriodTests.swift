import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketReporting

@Suite struct ReportPeriodTests {
    let utc = TimeZone(identifier: "UTC")!
    let now = TicketSeeder.date("2026-11-25T12:00:00Z")  // a Wednesday

    func period(_ text: String, now: Date? = nil, zone: TimeZone? = nil) throws -> ReportPeriod {
        try ReportPeriod.parse(text, now: now ?? self.now, timeZone: zone ?? utc)
    }

    func span(_ period: ReportPeriod) -> String { "\(period.start)..\(period.end)" }

    @Test func aRangeOfMoreThanTenYearsIsRefused() throws {
        #expect(try span(period("2016-11-26..2026-11-25")) == "2016-11-26..2026-11-25")
        #expect(throws: ReportError.periodTooLong("0001-01-01..9999-12-31", days: 3_652_059, maximum: 3653)) {
            try period("0001-01-01..9999-12-31")
        }
    }

    @Test func absolutePeriods() throws {
        #expect(span(try period("2026-11-23")) == "2026-11-23..2026-11-23")
        #expect(span(try period("2026-W47")) == "2026-11-16..2026-11-22")
        #expect(span(try period("2026-11")) == "2026-11-01..2026-11-30")
        #expect(try period("2024-02").days == 29)
        #expect(try period("2026-11-01..2026-11-14").days == 14)
        #expect(try period("2026-11-01..2026-11-14").label == "2026-11-01..2026-11-14")
        #expect(span(try period("2024")) == "2024-01-01..2024-12-31")
        #expect(try period("2024").days == 366 && period("2024").label == "2024")
    }

    @Test func isoWeeksAcrossYearEnds() throws {
        #expect(span(try period("2026-W01")) == "2025-12-29..2026-01-04")
        #expect(span(try period("2020-W53")) == "2020-12-28..2021-01-03")
        #expect(span(try period("2027-W01")) == "2027-01-04..2027-01-10")
        #expect(throws: ReportError.self) { try period("2021-W53") }
        #expect(throws: ReportError.self) { try period("2026-W00") }
        // The week holding 2021-01-01 is 2020's week 53.
        #expect(try period("last-week", now: TicketSeeder.date("2021-01-06T00:00:00Z")).label == "2020-W53")
    }

    @Test func relativePeriods() throws {
        #expect(span(try period("yesterday")) == "2026-11-24..2026-11-24")
        #expect(try period("last-week").label == "2026-W47")
        #expect(span(try period("last-month")) == "2026-10-01..2026-10-31")
        #expect(span(try period("week-to-date")) == "2026-11-23..2026-11-25")
        #expect(span(try period("last-month", now: TicketSeeder.date("2026-01-10T00:00:00Z"))) == "2025-12-01..2025-12-31")
        #expect(try period("this-year").label == "2026" && period("last-year").label == "2025")
    }

    @Test func relativePeriodsUseTheReportTimeZone() throws {
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        let lateEvening = TicketSeeder.date("2026-11-25T23:30:00Z")  // already the 26th in Tokyo
        #expect(span(try period("yesterday", now: lateEvening, zone: tokyo)) == "2026-11-25..2026-11-25")
        #expect(span(try period("yesterday", now: lateEvening)) == "2026-11-24..2026-11-24")
    }

    @Test func invalidPeriods() {
        for text in ["", "2026-13", "2026-11-31", "2026-11-14..2026-11-01", "tomorrowish", "2026-W5", "26-11", "0000", "+202", "202"] {
            #expect(throws: ReportError.self, "\(text)") { try period(text) }
        }
        // A range written backwards says so, with the order that works.
        let backwards = #expect(throws: ReportError.self) { try period("2026-11-14..2026-11-01") }
        #expect(backwards == .periodBackwards("2026-11-14..2026-11-01", first: "2026-11-14", last: "2026-11-01"))
        #expect(backwards?.description.contains("(2026-11-01..2026-11-14)") == true)
    }

    /// A period written the right way that the calendar lacks says why, not only which shapes work.
    @Test func aDayWeekOrMonthTheCalendarLacksSaysWhy() throws {
        let reasons = [
            "2025-02-29": "2025-02 has 28 days", "2026-11-31": "2026-11 has 30 days", "2026-11-00": "days run from 01",
            "2026-13": "months run from 01 to 12", "2026-00": "months run from 01 to 12", "2026-13-01": "months run from 01 to 12",
            "2025-W53": "2025 has 52 ISO weeks (2025-W01..2025-W52)", "2026-W00": "2026 has 53 ISO weeks (2026-W01..2026-W53)",
            "2026-11-01..2026-11-31": "2026-11 has 30 days",
        ]
        for (text, reason) in reasons {
            let error = #expect(throws: ReportError.self, "\(text)") { try period(text) }
            #expect(error == .noSuchPeriod(text, reason: reason), "\(text)")
            #expect(error?.description == "invalid period '\(text)': \(reason)")
        }
        // 2026 has a week 53; 2028-02-29 is a day.
        #expect(try span(period("2026-W53")) == "2026-12-28..2027-01-03")
        #expect(try span(period("2028-02-29")) == "2028-02-29..2028-02-29")
    }

    /// A period written nearly right says what was likely meant; one far from any says which shapes work.
    @Test func aNearlyRightPeriodSaysWhatWasMeant() throws {
        let meant = [
            "last_week": "last-week", "last week": "last-week", "Last-Week": "last-week", "lastweek": "last-week",
            "this mnth": "this-month", "2026-w48": "2026-W48", "2026/11": "2026-11", "2026/11/05": "2026-11-05",
        ]
        for (text, suggestion) in meant {
            let error = #expect(throws: ReportError.self, "\(text)") { try period(text) }
            #expect(error == .invalidPeriod(text, suggestion: suggestion), "\(text)")
            #expect(error?.description == "invalid period '\(text)': did you mean \(suggestion)?")
        }
        for text in ["tomorrow", "W48", "Nov-2026"] {
            let error = #expect(throws: ReportError.self, "\(text)") { try period(text) }
            #expect(error == .invalidPeriod(text), "\(text)")
        }
    }

    /// Every name the invalid-period message offers parses.
    @Test func theNamesTheErrorOffersAllParse() throws {
        let message = ReportError.invalidPeriod("x").description
        #expect(
            message == "invalid period 'x': use a day (2026-11-23), an ISO week (2026-W47), a month (2026-11), a quarter "
                + "(2026-Q4), a year (2026), a range (2026-11-01..2026-11-14), today, yesterday, this-week, last-week, "
                + "week-to-date, this-month, last-month, this-quarter, last-quarter, this-year or last-year")
        #expect(ReportPeriod.relativeNames.count == 11)
        for name in ReportPeriod.relativeNames {
            #expect(message.contains(name), "\(name)")
            _ = try period(name)
        }
    }

    @Test func aRangesPreviousPeriodHasTheSameLength() throws {
        let previous = try period("2026-11-01..2026-11-14").previous
        #expect(span(previous) == "2026-10-18..2026-10-31")
        // A month's is the calendar month before (see PreviousPeriodTests).
        #expect(span(try period("2026-03").previous) == "2026-02-01..2026-02-28")
    }

    @Test func dayBoundariesFollowDST() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let day = try period("2026-10-25", zone: berlin)
        let (start, end) = day.instants
        #expect(end.timeIntervalSince(start) == 25 * 3600)
        let spring = try period("2026-03-29", zone: berlin).instants
        #expect(spring.end.timeIntervalSince(spring.start) == 23 * 3600)
        // Where the skipped hour is the one after midnight, the day starts at the jump, not an hour before.
        let santiago = try #require(TimeZone(identifier: "America/Santiago"))
        let skipped = try period("2026-09-06", zone: santiago).instants
        #expect(skipped.start == TicketSeeder.date("2026-09-06T04:00:00Z"))
        #expect(skipped.end.timeIntervalSince(skipped.start) == 23 * 3600)
        let before = try period("2026-09-05", zone: santiago).instants
        #expect(before.end.timeIntervalSince(before.start) == 24 * 3600)
    }

    /// A quarter (for a quarterly review) is January to March, April to June, …; its trend shows the four before it,
    /// so that the same quarter a year ago is on the chart (its previous period: `PreviousPeriodTests`).
    @Test func quartersAreCalendarQuarters() throws {
        #expect(try span(period("2026-Q4")) == "2026-10-01..2026-12-31" && period("2026-Q4").label == "2026-Q4")
        #expect(try period("2026-Q1").days == 90 && period("2024-Q1").days == 91)
        #expect(span(try period("2026-Q2")) == "2026-04-01..2026-06-30")
        #expect(try period("this-quarter").label == "2026-Q4" && period("last-quarter").label == "2026-Q3")
        #expect(try period("last-quarter", now: TicketSeeder.date("2026-02-10T00:00:00Z")).label == "2025-Q4")
        #expect(try period("2026-Q4").trend?.map(\.label) == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
        for text in ["2026-Q0", "2026-Q5"] {
            let error = #expect(throws: ReportError.self, "\(text)") { try period(text) }
            #expect(error?.description == "invalid period '\(text)': a year has four quarters (2026-Q1..2026-Q4)")
        }
        #expect(throws: ReportError.invalidPeriod("2026-q4", suggestion: "2026-Q4")) { try period("2026-q4") }
        #expect(throws: ReportError.invalidPeriod("2026-Q10")) { try period("2026-Q10") }
    }
}

@Suite struct PreviousPeriodTests {
    let utc = TimeZone(identifier: "UTC")!
    let now = TicketSeeder.date("2026-11-25T12:00:00Z")

    func previous(_ text: String) throws -> String {
        let previous = try ReportPeriod.parse(text, now: now, timeZone: utc).previous
        return "\(previous.label) \(previous.start)..\(previous.end)"
    }

    /// A month is compared with the previous calendar month, a week with the previous ISO week, anything else
    /// with as many days just before.
    @Test func eachKindOfPeriodHasItsOwnPrevious() throws {
        #expect(try previous("2026-11") == "2026-10 2026-10-01..2026-10-31")
        #expect(try previous("2026-03") == "2026-02 2026-02-01..2026-02-28")
        #expect(try previous("2026-01") == "2025-12 2025-12-01..2025-12-31")
        #expect(try previous("2026-11-01..2026-11-30") == "2026-10 2026-10-01..2026-10-31")
        #expect(try previous("2026-W47") == "2026-W46 2026-11-09..2026-11-15")
        #expect(try previous("2026-W01") == "2025-W52 2025-12-22..2025-12-28")
        #expect(try previous("2026-11-10..2026-11-14") == "2026-11-05..2026-11-09 2026-11-05..2026-11-09")
        #expect(try previous("2026-11-23") == "2026-11-22 2026-11-22..2026-11-22")
        // A year with the calendar year before, whatever their lengths (365 days as many before would miss a day).
        #expect(try previous("2025") == "2024 2024-01-01..2024-12-31")
        #expect(try previous("2026-01-01..2026-12-31") == "2025 2025-01-01..2025-12-31")
        #expect(try ReportPeriod.parse("2026", now: now, timeZone: utc).trend?.map(\.label) == ["2022", "2023", "2024", "2025", "2026"])
        // A quarter with the quarter before, also one written as a range.
        #expect(try previous("2026-Q1") == "2025-Q4 2025-10-01..2025-12-31")
        #expect(try previous("2026-Q3") == "2026-Q2 2026-04-01..2026-06-30")
        #expect(try previous("2026-07-01..2026-09-30") == "2026-Q2 2026-04-01..2026-06-30")
    }

}

@Suite struct AxisTicksTests {
    @Test func ticksAreRoundAndFew() {
        #expect(HTMLReportRenderer.axisTicks(maximum: 1) == [0, 1])
        #expect(HTMLReportRenderer.axisTicks(maximum: 7) == [0, 2, 4, 6])
        #expect(HTMLReportRenderer.axisTicks(maximum: 40) == [0, 10, 20, 30, 40])
        #expect(HTMLReportRenderer.axisTicks(maximum: 1234) == [0, 500, 1000])
        #expect(HTMLReportRenderer.axisTicks(maximum: 0) == [0])
    }
}
