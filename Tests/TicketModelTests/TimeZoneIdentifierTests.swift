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
    }

    @Test func utcIsShownAsUTC() throws {
        #expect(TimeZone(identifier: "UTC")!.displayIdentifier == "UTC")
        #expect(try #require(TimeZone(identifier: "Europe/Berlin")).displayIdentifier == "Europe/Berlin")
    }
}
