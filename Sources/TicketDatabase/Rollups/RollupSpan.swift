import TicketModel

/// A period's instants `[start, end)` as whole UTC days or months, which the rollups cover, plus edges read from
/// the tickets themselves. Each end is rounded to the nearer unit boundary: an edge beyond the span is subtracted
/// (`sign` −1), one inside it added, so that a Berlin week ending at 23:00 UTC reads one hour of tickets, not 23,
/// and a year starting an hour before a month reads that hour, not the month.
struct RollupSpan: Equatable {
    var start: Int64
    var end: Int64

    /// Instants read ticket by ticket, added to (`sign` 1) or subtracted from (−1) the whole units.
    struct Edge: Equatable {
        var range: Range<Int64>
        var sign: Int
    }

    /// Whole units and the edges that make up the span exactly.
    struct Cover: Equatable {
        var units: Range<Int64>?
        var edges: [Edge]
    }

    /// Whole UTC days (day numbers since 1970) and edges.
    var days: Cover {
        cover(index: { Self.floorDivide($0, 86400) }, start: { $0 * 86400 })
    }

    /// Whole UTC months (year × 12 + month − 1) and edges.
    var months: Cover {
        cover(index: Self.month(containing:), start: Self.start(ofMonth:))
    }

    private func cover(index: (Int64) -> Int64, start unitStart: (Int64) -> Int64) -> Cover {
        let raw = Cover(units: nil, edges: start < end ? [Edge(range: start..<end, sign: 1)] : [])
        guard start < end else { return raw }
        var edges: [Edge] = []
        let first = index(start)
        var low = first
        if unitStart(first) != start {
            let (before, after) = (unitStart(first), unitStart(first + 1))
            if start - before < after - start {
                edges.append(Edge(range: before..<start, sign: -1))
            } else {
                low = first + 1
                edges.append(Edge(range: start..<after, sign: 1))
            }
        }
        let last = index(end)
        var high = last
        if unitStart(last) != end {
            let (before, after) = (unitStart(last), unitStart(last + 1))
            if after - end < end - before {
                high = last + 1
                edges.append(Edge(range: end..<after, sign: -1))
            } else {
                edges.append(Edge(range: before..<end, sign: 1))
            }
        }
        guard low < high else { return raw }
        let edgeLength = edges.reduce(Int64(0)) { $0 + Int64($1.range.count) }
        // A span shorter than its edges reads itself.
        return edgeLength <= end - start ? Cover(units: low..<high, edges: edges) : raw
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
