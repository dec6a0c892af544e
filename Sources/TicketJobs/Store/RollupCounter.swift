import Foundation
import GRDB

/// Counts a first load's report rollups while its rows stream past, so that the load need not read every
/// ticket back afterwards in four grouped scans (~4 s per million tickets).
///
/// It computes in Swift what `ReportRollups` defines in SQL for the triggers and the rebuild: hour and day
/// by floor division, the UTC month, the resolution bucket with SQLite's own rounding. A test holds the two
/// to the same counts.
struct RollupCounter {
    struct DayKey: Hashable {
        var day: Int64
        var category: Category?
        var priority: Priority?
        var status: Status
        var categorySource: LabelSource?
        var prioritySource: LabelSource?
        var resolved: Bool
    }

    struct ResolutionKey: Hashable {
        var kind: String
        var label: String
        var month: Int
        var bucket: Int
    }

    private(set) var hours: [Int64: Int] = [:]
    private(set) var days: [DayKey: (tickets: Int, resolutionSeconds: Int64)] = [:]
    private(set) var resolution: [ResolutionKey: Int] = [:]

    /// Counts `ticket`, stored with `source` beside each label it has.
    mutating func add(_ ticket: Ticket, source: LabelSource) {
        let created = TicketUpserter.epochSeconds(ticket.createdAt)
        let resolved = ticket.resolvedAt.map(TicketUpserter.epochSeconds)
        hours[Self.floorDivide(created, 3600), default: 0] += 1
        let key = DayKey(
            day: Self.floorDivide(created, 86400), category: ticket.category, priority: ticket.priority,
            status: ticket.status, categorySource: ticket.category == nil ? nil : source,
            prioritySource: ticket.priority == nil ? nil : source, resolved: resolved != nil)
        // One lookup per row: the dictionary's entry is changed in place.
        Self.count(&days[key, default: (0, 0)], seconds: resolved.map { $0 - created } ?? 0)
        guard let resolved else { return }
        let month = Self.month(created)
        let bucket = Self.bucket(createdAt: created, resolvedAt: resolved)
        if let category = ticket.category {
            resolution[
                ResolutionKey(kind: "category", label: category.rawValue, month: month, bucket: bucket), default: 0] +=
                1
        }
        if let priority = ticket.priority {
            resolution[
                ResolutionKey(kind: "priority", label: priority.rawValue, month: month, bucket: bucket), default: 0] +=
                1
        }
    }

    private static func count(_ entry: inout (tickets: Int, resolutionSeconds: Int64), seconds: Int64) {
        entry.tickets += 1
        entry.resolutionSeconds += seconds
    }

    /// Writes the counts into the emptied rollup tables, each in its primary key's order: appending to a
    /// b-tree is several times cheaper than inserting at random places.
    func write(_ db: Database) throws {
        let hour = try db.makeStatement(sql: "INSERT INTO report_hours (hour, tickets) VALUES (?, ?)")
        for (key, tickets) in hours.sorted(by: { $0.key < $1.key }) {
            try hour.execute(arguments: [key, tickets])
        }
        let day = try db.makeStatement(
            sql: """
                INSERT INTO report_days (day, category, priority, status, category_source, priority_source, resolved,
                    tickets, resolution_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (key, value) in days.sorted(by: { Self.precedes($0.key, $1.key) }) {
            try day.execute(arguments: [
                key.day, key.category?.rawValue ?? "", key.priority?.rawValue ?? "", key.status.rawValue,
                key.categorySource?.rawValue ?? "", key.prioritySource?.rawValue ?? "", key.resolved,
                value.tickets, value.resolutionSeconds,
            ])
        }
        let histogram = try db.makeStatement(
            sql: "INSERT INTO report_resolution (kind, label, month, bucket, tickets) VALUES (?, ?, ?, ?, ?)")
        let histogramOrder = { (key: ResolutionKey) in (key.kind, key.label, key.month, key.bucket) }
        for (key, tickets) in resolution.sorted(by: { histogramOrder($0.key) < histogramOrder($1.key) }) {
            try histogram.execute(arguments: [key.kind, key.label, key.month, key.bucket, tickets])
        }
    }

    /// Whether `a` sorts before `b` in `report_days`' primary key (labels as stored: '' when missing).
    private static func precedes(_ a: DayKey, _ b: DayKey) -> Bool {
        func labels(_ key: DayKey) -> (Int64, String, String, String, String, String) {
            (
                key.day, key.category?.rawValue ?? "", key.priority?.rawValue ?? "", key.status.rawValue,
                key.categorySource?.rawValue ?? "", key.prioritySource?.rawValue ?? ""
            )
        }
        let (left, right) = (labels(a), labels(b))
        return left != right ? left < right : (!a.resolved && b.resolved)
    }

    // MARK: The SQL definitions of ReportRollups, in Swift

    /// `ReportRollups.floorDivide`.
    static func floorDivide(_ value: Int64, _ unit: Int64) -> Int64 {
        (value - ((value % unit) + unit) % unit) / unit
    }

    /// `ReportRollups.month`: UTC year × 12 + month − 1.
    static func month(_ createdAt: Int64) -> Int {
        let civil = UTCTimestamp.civil(fromDays: Int(floorDivide(createdAt, 86400)))
        return civil.year * 12 + civil.month - 1
    }

    /// `ReportRollups.bucket`, rounding as SQLite's `round()` does (half away from zero, by adding 0.5 and
    /// truncating the magnitude).
    static func bucket(createdAt: Int64, resolvedAt: Int64) -> Int {
        guard resolvedAt > createdAt else { return ReportRollups.zeroBucket }
        let value = Foundation.log(Double(resolvedAt - createdAt) / 3600.0) / Foundation.log(ReportRollups.bucketGrowth)
        return value >= 0 ? Int(Int64(value + 0.5)) : -Int(Int64(-value + 0.5))
    }
}
