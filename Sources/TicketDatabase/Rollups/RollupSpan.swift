import TicketModel
/// A period's instants `[start, end)` split into what the rollups cover — whole UTC days, whole UTC months —
/// and the edges before and after them, which are read from the tickets themselves.
struct RollupSpan: Equatable {
    var start: Int64
    var end: Int64

    /// Whole UTC days inside the span, as day numbers since 1970, or nil when there is none.
    var days: Range<Int64>? {
        let first = Self.ceilingDivide(start, 86400)
        let last = Self.floorDivide(end, 86400)
        return first < last ? first..<last : nil
    }

    /// The parts of the span outside `days` (all of it when there are none).
    var dayEdges: [Range<Int64>] { edges(around: days.map { ($0.lowerBound * 86400)..<($0.upperBound * 86400) }) }

    /// Whole UTC months inside the span, as months since year 0 (year × 12 + month − 1), or nil.
    var months: Range<Int64>? {
        let startMonth = Self.month(containing: start)
        let first = Self.start(ofMonth: startMonth) == start ? startMonth : startMonth + 1
        let last = Self.month(containing: end)
        return first < last ? first..<last : nil
    }

    var monthEdges: [Range<Int64>] {
        edges(around: months.map { Self.start(ofMonth: $0.lowerBound)..<Self.start(ofMonth: $0.upperBound) })
    }

    private func edges(around covered: Range<Int64>?) -> [Range<Int64>] {
        guard let covered else { return start < end ? [start..<end] : [] }
        return [start..<covered.lowerBound, covered.upperBound..<end].filter { !$0.isEmpty }
    }

    static func floorDivide(_ value: Int64, _ unit: Int64) -> Int64 {
        let quotient = value / unit
        return value % unit < 0 ? quotient - 1 : quotient
    }

    static func ceilingDivide(_ value: Int64, _ unit: Int64) -> Int64 {
        -floorDivide(-value, unit)
    }

    static func month(containing instant: Int64) -> Int64 {
        let civil = UTCTimestamp.civil(fromDays: Int(floorDivide(instant, 86400)))
        return Int64(civil.year * 12 + civil.month - 1)
    }

    static func start(ofMonth month: Int64) -> Int64 {
        let year = Int(floorDivide(month, 12))
        let monthOfYear = Int(month - Int64(year) * 12) + 1
        return Int64(TimestampParser.daysFromCivil(year: year, month: monthOfYear, day: 1)) * 86400
    }
}
