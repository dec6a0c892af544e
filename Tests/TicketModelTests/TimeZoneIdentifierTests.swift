import Foundation
import Testing

@testable import TicketModel

/// An unknown zone's message names the zone meant when the case is off or the region missing.
@Suite struct TimeZoneIdentifierTests {
    @Test func theZoneMeantIsSuggested() {
        #expect(TimeZone.hint(forUnknown: "europe/berlin") == "did you mean Europe/Berlin?")
        #expect(TimeZone.hint(forUnknown: "Berlin") == "did you mean Europe/Berlin?")
        #expect(TimeZone.hint(forUnknown: "new york") == "did you mean America/New_York?")
        #expect(TimeZone.hint(forUnknown: "Narnia").contains("such as Europe/Berlin"))
        // A typo, in the whole name or the city alone.
        #expect(TimeZone.hint(forUnknown: "Europe/Berln") == "did you mean Europe/Berlin?")
        #expect(TimeZone.hint(forUnknown: "America/New_Yrok") == "did you mean America/New_York?")
        #expect(TimeZone.hint(forUnknown: "Berln") == "did you mean Europe/Berlin?")
    }

    @Test func utcIsShownAsUTC() throws {
        #expect(TimeZone(identifier: "UTC")!.displayIdentifier == "UTC")
        #expect(try #require(TimeZone(identifier: "Europe/Berlin")).displayIdentifier == "Europe/Berlin")
    }

    /// `--timezone UTC+2` was shown in reports as Foundation names it, "GMT+0200".
    @Test func aFixedOffsetIsShownAsWrittenAndReadsBack() throws {
        for (given, shown) in [("UTC+2", "UTC+02:00"), ("UTC-5", "UTC-05:00"), ("UTC+5:30", "UTC+05:30"), ("GMT+0200", "UTC+02:00")] {
            let zone = try #require(TimeZone(identifier: given))
            #expect(zone.displayIdentifier == shown)
            #expect(TimeZone(identifier: shown)?.secondsFromGMT() == zone.secondsFromGMT())
        }
        #expect(try #require(TimeZone(identifier: "Etc/GMT-2")).displayIdentifier == "Etc/GMT-2")
    }
}
