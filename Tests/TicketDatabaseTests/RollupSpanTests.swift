import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketDatabase

/// A span is read as whole UTC days or months plus the nearer edges, added inside the span and subtracted
/// beyond it, and always adds up to exactly the span.
@Suite struct RollupSpanTests {
    static func instant(_ text: String) -> Int64 { Int64(TicketSeeder.date(text).timeIntervalSince1970) }

    /// The instants a cover stands for, as a multiset of half hours (every instant here is on one): whole units
    /// plus signed edges.
    static func hours(of cover: RollupSpan.Cover, unitStart: (Int64) -> Int64) -> [Int64: Int] {
        var hours: [Int64: Int] = [:]
        func add(_ range: Range<Int64>, _ sign: Int) {
            for hour in stride(from: range.lowerBound, to: range.upperBound, by: 1800) { hours[hour, default: 0] += sign }
        }
        if let units = cover.units { add(unitStart(units.lowerBound)..<unitStart(units.upperBound), 1) }
        for edge in cover.edges { add(edge.range, edge.sign) }
        return hours.filter { $0.value != 0 }
    }

    @Test func aBerlinWeekReadsOneHourAtEachEndNotTwentyThree() {
        let span = RollupSpan(start: Self.instant("2026-03-01T23:00:00Z"), end: Self.instant("2026-03-08T23:00:00Z"))
        let cover = span.days
        #expect(cover.units == 20514..<20521)
        #expect(cover.edges.map(\.sign) == [1, -1])
        #expect(cover.edges.allSatisfy { $0.range.count == 3600 })
    }

    @Test func aYearStartingAnHourBeforeAMonthReadsThatHourNotTheMonth() {
        let span = RollupSpan(start: Self.instant("2025-10-31T23:00:00Z"), end: Self.instant("2026-10-31T23:00:00Z"))
        let cover = span.months
        #expect(cover.edges.map { $0.range.count } == [3600, 3600])
        #expect(cover.edges.map(\.sign) == [1, -1])
    }

    @Test(arguments: [
        ("2026-03-01T23:00:00Z", "2026-03-08T23:00:00Z"), ("2026-03-01T05:30:00Z", "2026-03-01T18:30:00Z"),
        ("2026-03-01T18:30:00Z", "2026-03-02T05:30:00Z"), ("2026-01-31T12:00:00Z", "2026-03-01T13:00:00Z"),
        ("2025-12-31T21:30:00Z", "2026-02-28T20:30:00Z"), ("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"),
    ])
    func everyCoverAddsUpToTheSpan(start: String, end: String) {
        let span = RollupSpan(start: Self.instant(start), end: Self.instant(end))
        var expected: [Int64: Int] = [:]
        for hour in stride(from: span.start, to: span.end, by: 1800) { expected[hour] = 1 }
        let days = Self.hours(of: span.days, unitStart: { $0 * 86400 }) == expected
        let months = Self.hours(of: span.months, unitStart: RollupSpan.start(ofMonth:)) == expected
        #expect(days, "\(span.days)")
        #expect(months, "\(span.months)")
    }
}
