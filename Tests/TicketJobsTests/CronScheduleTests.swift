import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketJobs

@Suite struct CronScheduleTests {
    let utc = TimeZone(identifier: "UTC")!

    func next(_ expression: String, after: String, zone: String = "UTC") throws -> String? {
        try CronSchedule(expression).next(after: TicketSeeder.date(after), in: TimeZone(identifier: zone)!)
            .map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test func rangesStepsListsAndNames() throws {
        #expect(try next("*/15 * * * *", after: "2026-11-25T10:07:00Z") == "2026-11-25T10:15:00Z")
        #expect(try next("0 9-17/4 * * *", after: "2026-11-25T10:00:00Z") == "2026-11-25T13:00:00Z")
        #expect(try next("5,35 * * * *", after: "2026-11-25T10:35:00Z") == "2026-11-25T11:05:00Z")
        #expect(try next("0 6 * * mon", after: "2026-11-25T10:00:00Z") == "2026-11-30T06:00:00Z")
        #expect(try next("0 0 1 jan *", after: "2026-11-25T10:00:00Z") == "2027-01-01T00:00:00Z")
        #expect(try next("@daily", after: "2026-11-25T10:00:00Z") == "2026-11-26T00:00:00Z")
        #expect(try next("@hourly", after: "2026-11-25T10:00:00Z") == "2026-11-25T11:00:00Z")
        #expect(try next("@weekly", after: "2026-11-25T10:00:00Z") == "2026-11-29T00:00:00Z")
        #expect(try next("0 0 * * 7", after: "2026-11-25T10:00:00Z") == "2026-11-29T00:00:00Z")
    }

    @Test func dayOfMonthAndDayOfWeekTogetherMeanEither() throws {
        // The 13th, or any Friday: after Wed 2026-11-25 the next is Friday the 27th.
        #expect(try next("0 0 13 * fri", after: "2026-11-25T10:00:00Z") == "2026-11-27T00:00:00Z")
        #expect(try next("0 0 31 * *", after: "2026-11-25T10:00:00Z") == "2026-12-31T00:00:00Z")
        #expect(try next("0 0 29 2 *", after: "2026-03-01T00:00:00Z") == "2028-02-29T00:00:00Z")
    }

    /// A nightly job at a time the spring change skips still runs that night, an hour later (cron runs it just
    /// after the change; it used to be skipped); one at a time the autumn change repeats runs once.
    @Test func springForwardShiftsTheMissingHourAndFallBackRunsOnce() throws {
        // Europe/Berlin: 2026-03-29 02:00 → 03:00; 2026-10-25 03:00 → 02:00.
        let spring = try #require(try next("30 2 * * *", after: "2026-03-28T12:00:00Z", zone: "Europe/Berlin"))
        #expect(spring == "2026-03-29T01:30:00Z")  // 03:30 CEST
        #expect(try next("30 2 * * *", after: spring, zone: "Europe/Berlin") == "2026-03-30T00:30:00Z")
        #expect(try next("*/20 2 * * *", after: "2026-03-29T01:00:00Z", zone: "Europe/Berlin") == "2026-03-29T01:20:00Z")
        // Santiago skips the hour after midnight (2026-09-06 00:00 → 01:00): a midnight job runs at 01:00.
        #expect(try next("0 0 * * *", after: "2026-09-05T12:00:00Z", zone: "America/Santiago") == "2026-09-06T04:00:00Z")
        let first = try #require(try next("30 2 * * *", after: "2026-10-24T12:00:00Z", zone: "Europe/Berlin"))
        #expect(first == "2026-10-25T00:30:00Z")  // 02:30 CEST, the first of the two
        #expect(try next("30 2 * * *", after: first, zone: "Europe/Berlin") == "2026-10-26T01:30:00Z")
        #expect(try next("0 6 * * *", after: "2026-03-28T12:00:00Z", zone: "Europe/Berlin") == "2026-03-29T04:00:00Z")
    }

    @Test func previousFindsTheLastMissedTime() throws {
        let schedule = try CronSchedule("0 6 * * mon")
        let previous = schedule.previous(atOrBefore: TicketSeeder.date("2026-11-25T10:00:00Z"), in: utc, days: 30)
        #expect(previous == TicketSeeder.date("2026-11-23T06:00:00Z"))
    }

    /// `previous` walks back day by day; it names the time the chain of `next` from the horizon ends on, next
    /// to the DST changes of both hemispheres.
    @Test(arguments: ["30 2 * * *", "0 0 * * *", "*/20 1-3 * * *", "0 6 * * mon", "15,45 * * * *"])
    func previousIsTheLastTimeNextReaches(expression: String) throws {
        let schedule = try CronSchedule(expression)
        for zone in ["Europe/Berlin", "America/Santiago", "America/New_York", "UTC"] {
            let timeZone = try #require(TimeZone(identifier: zone))
            for instant in ["2026-03-29T01:10:00Z", "2026-03-29T02:00:00Z", "2026-09-06T04:05:00Z",
                            "2026-10-25T00:45:00Z", "2026-10-25T01:45:00Z", "2026-11-01T06:10:00Z"] {
                let date = TicketSeeder.date(instant)
                var reached: Date?
                var cursor = date.addingTimeInterval(-3 * 86_400)
                while let next = schedule.next(after: cursor, in: timeZone), next <= date { reached = next; cursor = next }
                #expect(schedule.previous(atOrBefore: date, in: timeZone, days: 3) == reached, "\(zone) \(instant)")
            }
        }
    }

    /// Cron accepts these and never runs them; a job file with one would wait forever without a word.
    @Test(arguments: [
        ("0 0 31 2 *", "no day 31 in February"), ("0 0 30,31 feb *", "no day 30, 31 in February"),
        ("0 0 31 4,6,9,11 *", "no day 31 in April, June, September, November"),
    ])
    func aDayNoMonthOfTheScheduleHasIsAnError(expression: String, reason: String) {
        #expect(throws: CronError(expression: expression, reason: "it never runs: \(reason)")) { try CronSchedule(expression) }
    }

    @Test func aDaySomeMonthOfTheScheduleHasIsKept() throws {
        #expect(try next("0 0 29 2 *", after: "2026-03-01T00:00:00Z") == "2028-02-29T00:00:00Z")
        #expect(try next("0 0 31 2,3 *", after: "2026-01-01T00:00:00Z") == "2026-03-31T00:00:00Z")
        // A weekday as well means either: every Monday of February.
        #expect(try next("0 0 31 2 mon", after: "2026-01-01T00:00:00Z") == "2026-02-02T00:00:00Z")
    }

    @Test(arguments: ["* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "x * * * *"])
    func invalidExpressions(expression: String) {
        #expect(throws: CronError.self) { try CronSchedule(expression) }
    }
}
