import Foundation
import Testing

@testable import TicketModel

@Suite struct DateArgumentTests {
    @Test func aDayCoversTheWholeDayInItsZone() throws {
        let day = try DateArgument.parse("2026-11-20", option: "--since", timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        #expect(day.start == ISO8601DateFormatter().date(from: "2026-11-19T23:00:00Z"))
        #expect(day.endExclusive.timeIntervalSince(day.start) == 86_400)
        let instant = try DateArgument.parse("2026-11-20T10:30:00Z", option: "--until")
        #expect(instant.start == instant.endExclusive)
    }

    /// A window that ends before it starts matches nothing: refused, naming both; one day alone is a window.
    @Test func aWindowThatHoldsNothingIsRefused() throws {
        let refused = #expect(throws: ConfigError.self) { try DateArgument.window(since: "2026-11-30", until: "2026-11-01") }
        #expect(refused?.description.contains("'2026-11-01' is not after --since '2026-11-30'") == true, "\(String(describing: refused))")
        #expect(throws: ConfigError.self) { try DateArgument.window(since: "2026-11-20T10:00:00Z", until: "2026-11-20T10:00:00Z") }
        let day = try DateArgument.window(since: "2026-11-20", until: "2026-11-20")
        #expect(day.end!.timeIntervalSince(day.start!) == 86_400)
        let open = try DateArgument.window(since: nil, until: "2026-11-20")
        #expect(open.start == nil && open.end != nil)
        #expect(throws: ConfigError.self) { try DateArgument.window(since: "2026-13-01", until: nil) }
    }

    /// A date that cannot be read says what can be, or why the day it names is not one.
    @Test func anUnreadableDateSaysWhy() {
        let reasons = [
            "2025-02-29": "2025-02 has 28 days", "2026-13-01": "months run from 01 to 12",
            "yesterday": "give a day (2026-11-01) or a time (2026-11-01T09:00:00Z)",
        ]
        for (text, reason) in reasons {
            let error = #expect(throws: ConfigError.self) { try DateArgument.parse(text, option: "--since") }
            #expect(error?.description.contains("'--since': cannot parse date '\(text)': \(reason)") == true, "\(String(describing: error))")
        }
    }
}
