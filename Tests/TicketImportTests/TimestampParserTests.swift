import Foundation
import Testing

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport

@Suite struct TimestampParserTests {
    let utc = TimestampParser()

    func epoch(_ text: String, _ parser: TimestampParser? = nil) -> Int? {
        (parser ?? utc).parse(text).map { Int($0.timeIntervalSince1970) }
    }

    @Test func isoFormsWithAndWithoutOffsets() {
        #expect(epoch("2026-11-25T10:00:00Z") == 1_795_600_800)
        #expect(epoch("2026-11-25T10:00:00+01:00") == 1_795_597_200)
        #expect(epoch("2026-11-25T10:00:00-0500") == 1_795_618_800)
        #expect(epoch("2026-11-25 10:00:00") == 1_795_600_800)
        #expect(epoch("2026-11-25T10:00") == 1_795_600_800)
        #expect(epoch("2026-11-25T10:00:00.750Z") == 1_795_600_800)
        #expect(epoch("2026-11-25 10:00:00 +0000") == 1_795_600_800)
        #expect(epoch("2026-11-25") == 1_795_564_800)
        #expect(epoch("1795600800") == 1_795_600_800)
        #expect(epoch("2026-11-25 9:05") == 1_795_597_500)
        #expect(epoch("2026-11-25T9:05:00Z") == 1_795_597_500)
        #expect(epoch("2026-11-25 9") == nil && epoch("2026-11-25 905") == nil)
    }

    @Test func rejectsNonsense() {
        for text in ["", "yesterday", "2026-13-01", "2026-02-30", "2026-11-25T25:00:00", "2026-11-25X", "2026-11-25T10:00:00+99"] {
            #expect(utc.parse(text) == nil, "\(text)")
        }
    }

    @Test func leapDays() {
        #expect(utc.parse("2024-02-29") != nil)
        #expect(utc.parse("2100-02-29") == nil)
        #expect(utc.parse("2000-02-29") != nil)
    }

    @Test func localTimesAreReadInTheGivenZoneAcrossDST() throws {
        let berlin = TimestampParser(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        // Winter: UTC+1; summer: UTC+2.
        #expect(epoch("2026-01-15 12:00:00", berlin) == epoch("2026-01-15T11:00:00Z"))
        #expect(epoch("2026-07-15 12:00:00", berlin) == epoch("2026-07-15T10:00:00Z"))
        // The day after the October change starts at 23:00 UTC the evening before.
        #expect(epoch("2026-10-26", berlin) == epoch("2026-10-25T23:00:00Z"))
        #expect(epoch("2026-10-25", berlin) == epoch("2026-10-24T22:00:00Z"))
        // An explicit offset wins over the zone.
        #expect(epoch("2026-07-15T12:00:00Z", berlin) == epoch("2026-07-15T12:00:00Z"))
    }

    /// Chile and Cuba move their clocks at midnight, so some days have no 00:00: the day starts at the jump
    /// (01:00), not an hour before it on the evening before. East and west of Greenwich alike, a skipped time
    /// moves forward by the jump and a repeated one is its first occurrence.
    @Test func wallClockTimesADSTChangeSkipsOrRepeats() throws {
        let santiago = TimestampParser(timeZone: try #require(TimeZone(identifier: "America/Santiago")))
        #expect(epoch("2026-09-06", santiago) == epoch("2026-09-06T04:00:00Z"))
        #expect(epoch("2026-09-06 00:30", santiago) == epoch("2026-09-06T04:30:00Z"))
        #expect(epoch("2026-09-05 23:30", santiago) == epoch("2026-09-06T03:30:00Z"))
        #expect(epoch("2026-09-06 01:30", santiago) == epoch("2026-09-06T04:30:00Z"))
        let havana = TimestampParser(timeZone: try #require(TimeZone(identifier: "America/Havana")))
        #expect(epoch("2026-03-08", havana) == epoch("2026-03-08T05:00:00Z"))
        // Santiago's April change repeats 23:00-23:59 of the Saturday (first at UTC-3, then at UTC-4).
        #expect(epoch("2026-04-04 23:30", santiago) == epoch("2026-04-05T02:30:00Z"))
        #expect(epoch("2026-04-05", santiago) == epoch("2026-04-05T04:00:00Z"))
        let berlin = TimestampParser(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        #expect(epoch("2026-03-29 02:30", berlin) == epoch("2026-03-29T01:30:00Z"))
        #expect(epoch("2026-10-25 02:30", berlin) == epoch("2026-10-25T00:30:00Z"))
        let newYork = TimestampParser(timeZone: try #require(TimeZone(identifier: "America/New_York")))
        #expect(epoch("2026-03-08 02:30", newYork) == epoch("2026-03-08T07:30:00Z"))
        #expect(epoch("2026-11-01 01:30", newYork) == epoch("2026-11-01T05:30:00Z"))
    }

    @Test func extraFormatsFromAMapping() {
        let jira = TimestampParser(extraFormats: ["dd/MMM/yy h:mm a"])
        #expect(epoch("25/Nov/26 3:04 PM", jira) == epoch("2026-11-25T15:04:00Z"))
    }
}

@Suite struct TimestampRangeTests {
    @Test(arguments: ["100000000000000000000", "-99999999999999", "1e20", "253402300800", "99999999999999999999999.5"])
    func instantsBeyondTheYear9999AreOutOfRangeNotACrash(text: String) {
        let reading = TimestampParser().read(text)
        #expect(reading == .outOfRange || reading == .unparseable, "\(text)")
        #expect(TimestampParser().parse(text) == nil)
    }

    /// JavaScript, HubSpot's and Salesforce's APIs write milliseconds: 13 digits, past the year 9999 as seconds.
    @Test func unixMillisecondsAreReadAsSuch() {
        func epoch(_ text: String) -> Int? { TimestampParser().parse(text).map { Int($0.timeIntervalSince1970) } }
        #expect(epoch("1795600800000") == 1_795_600_800)
        #expect(epoch("1795600800750") == 1_795_600_800)
        #expect(epoch("1.7956008e12") == 1_795_600_800)
        #expect(epoch("1000000000000") == 1_000_000_000)
        #expect(TimestampParser().read("999999999999") == .outOfRange)
        #expect(TimestampParser().read("253402300800000") == .outOfRange)
    }

    @Test func theLastSecondOf9999AndTheFirstOfYear1AreInRange() {
        #expect(TimestampParser().read("253402300799") == .instant(Date(timeIntervalSince1970: 253_402_300_799)))
        #expect(TimestampParser().parse("9999-12-31T23:59:59Z") != nil)
        #expect(TimestampParser().read("0001-01-01T00:00:00Z") == .instant(Date(timeIntervalSince1970: -62_135_596_800)))
    }

    /// An ISO date naming no day or time says why; no other format would read it, so no other is suggested.
    @Test(arguments: [
        ("2026-02-30T10:00:00Z", "2026-02 has 28 days"),
        ("2024-02-30", "2024-02 has 29 days"),
        ("2026-04-31 09:00", "2026-04 has 30 days"),
        ("2026-13-01", "there is no month 13"),
        ("2026-00-10T00:00:00Z", "there is no month 0"),
        ("2026-11-00", "there is no day 0"),
        ("2026-11-02 25:00", "there is no hour 25 (a day's are 00 to 23)"),
        ("2026-11-02T9:75", "there is no minute 75"),
    ])
    func anImpossibleISODateSaysWhy(text: String, why: String) {
        #expect(TimestampParser().read(text) == .impossible(why))
    }

    @Test func datesThatAreNotISOOrNameADayAreNotImpossible() {
        for text in ["2024-02-29T10:00:00Z", "2026-11-02 9:05", "2026-11-02 23:59:60"] {
            #expect(TimestampParser().parse(text) != nil, "\(text)")
        }
        for text in ["30.02.2026", "2026/02/30", "soon", "2026-02-3"] {
            #expect(TimestampParser().read(text) == .unparseable, "\(text)")
        }
    }

    @Test func outOfRangeIsToldApartFromNonsense() {
        #expect(TimestampParser().read("100000000000000000000") == .outOfRange)
        #expect(TimestampParser().read("soon") == .unparseable)
    }
}
