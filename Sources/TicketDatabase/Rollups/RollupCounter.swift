import Foundation
import GRDB
import GRDBSQLite
import TicketModel

/// Counts the report rollups of tickets in Swift: a first load's while its rows stream past (so that the load
/// need not read every ticket back afterwards), and a rebuild's from one scan of the table.
///
/// It computes what the triggers (`ReportRollups.triggers`) maintain in SQL: hour and day by floor division,
/// the UTC month, the resolution bucket with SQLite's own rounding. A test holds the two to the same counts.
struct RollupCounter {
    /// A `report_days` group. Counting keys it by `packed`: one integer hashes several times faster than
    /// seven fields, once per imported row. Labels are `LabelCodes` codes.
    struct DayKey: Hashable {
        var day: Int64
        var category: Int64
        var priority: Int64
        var status: Status
        var categorySource: LabelSource?
        var prioritySource: LabelSource?
        var resolved: Bool

        /// The day above 32 bits; below, from the top: resolution, the priority's and the category's sources,
        /// the status, the priority's code and the category's (22 bits in all).
        var packed: Int64 {
            var bits: Int64 = resolved ? 1 : 0
            for (code, width) in [
                (Code.of(prioritySource), Code.bits), (Code.of(categorySource), Code.bits), (Code.of(status), Code.bits),
                (priority, LabelCodes.priorityBits), (category, LabelCodes.categoryBits),
            ] {
                bits = bits << width | code
            }
            return day << 32 | bits
        }
    }

    /// A `report_resolution` bucket, keyed by `packed` while counting.
    struct ResolutionKey: Hashable {
        var kind: String
        var label: String
        var month: Int
        var bucket: Int

        /// Buckets lie within ±2^21 (a second is bucket −823, a century 1,374, no time the zero bucket).
        private static let bucketOffset: Int64 = 1 << 21
        private static let labelBits = LabelCodes.categoryBits

        /// Month, then the kind (1 bit) and the label's code (`labelBits`), then the bucket (22 bits).
        static func packed(category: Int64?, priority: Int64?, month: Int, bucket: Int) -> Int64 {
            let label = category ?? (1 << labelBits | (priority ?? 0))
            return (Int64(month) << (labelBits + 1) | label) << 22 | (Int64(bucket) + bucketOffset)
        }

        init(packed: Int64, labels: LabelCodes) {
            let label = (packed >> 22) & (1 << (Self.labelBits + 1) - 1)
            let isPriority = label >> Self.labelBits == 1
            kind = isPriority ? "priority" : "category"
            let code = label & (1 << Self.labelBits - 1)
            self.label = isPriority ? labels.priority(code) : labels.category(code)
            month = Int(packed >> (22 + Self.labelBits + 1))
            bucket = Int((packed & (1 << 22 - 1)) - Self.bucketOffset)
        }
    }

    /// Codes for statuses and label sources: 0 for none, else the position in `allCases` plus one, in `bits`
    /// bits each. `RollupCounter.init` checks that every value fits, so two values never share a key.
    fileprivate enum Code {
        static let bits: Int64 = 3

        static func of<Value: CaseIterable & Equatable>(_ value: Value?) -> Int64 where Value.AllCases == [Value] {
            guard let value, let index = Value.allCases.firstIndex(of: value) else { return 0 }
            return Int64(index + 1)
        }

        static func value<Value: CaseIterable>(_ bits: Int64) -> Value? where Value.AllCases == [Value] {
            let code = Int(bits & (1 << Self.bits - 1))
            return code == 0 ? nil : Value.allCases[code - 1]
        }
    }

    /// The codes of the labels met so far.
    private(set) var labels = LabelCodes()

    init() {
        for (name, count) in [("statuses", Status.allCases.count), ("label sources", LabelSource.allCases.count)] {
            precondition(count < 1 << Code.bits, "more \(name) than the rollup counter's keys hold")
        }
    }

    /// A `report_flow` row's counts.
    struct FlowCounts: Equatable {
        var entered = 0
        var exited = 0
        var resolved = 0
        var untimed = 0
    }

    /// A `report_flow` key: the day above 32 bits, then the category's and the priority's codes.
    static func flowKey(day: Int64, category: Int64, priority: Int64) -> Int64 {
        day << 32 | category << LabelCodes.priorityBits | priority
    }

    private(set) var hours = CountingTable(zero: 0)
    /// By `flowKey`.
    private(set) var flow = CountingTable(zero: FlowCounts())
    /// `report_backlog_cohorts`: by `flowKey` of the creation day, shifted left 6 bits past the stay (0-32).
    private(set) var cohorts = CountingTable(zero: 0)
    /// By `ResolutionKey.packed`, with the month of resolution.
    private(set) var resolvedHours = CountingTable(zero: 0)

    /// A `report_dimensions` key: a group, assignee, channel, satisfaction or tag, and a UTC day.
    struct DimensionKey: Hashable, Comparable {
        var dimension: String
        var value: String
        var day: Int64

        static func < (a: Self, b: Self) -> Bool { (a.dimension, a.value, a.day) < (b.dimension, b.value, b.day) }
    }

    struct DimensionCounts: Equatable {
        var created = 0
        var entered = 0
        var exited = 0
        var resolved = 0
    }

    private(set) var dimensions: [DimensionKey: DimensionCounts] = [:]
    /// First-response buckets by month of creation: month above 22 bits, the bucket (offset) below.
    private(set) var firstResponse = CountingTable(zero: 0)

    /// The (dimension, value) pairs a ticket is counted under, as the triggers list them.
    static func dimensionValues(
        group: String?, assignee: String?, channel: String?, satisfaction: String?, tags: [String]
    ) -> [(String, String)] {
        var pairs: [(String, String)] = []
        if let group { pairs.append(("group", group)) }
        if let assignee { pairs.append(("assignee", assignee)) }
        if let channel { pairs.append(("channel", channel)) }
        if let satisfaction { pairs.append(("satisfaction", satisfaction)) }
        for tag in tags { pairs.append(("tag", tag)) }
        return pairs
    }

    /// Counts a ticket under its export columns: as the flow counts it, per dimension value (`weight` times;
    /// -1 takes a counted ticket back out).
    mutating func addDimensions(
        _ pairs: [(String, String)], createdAt created: Int64, resolvedAt resolved: Int64?, status: Status,
        firstResponseAt firstResponded: Int64?, weight: Int = 1
    ) {
        if let firstResponded {
            let month = RollupSpan.month(containing: created)
            let bucket = Int64(Self.bucket(createdAt: created, resolvedAt: firstResponded)) + (1 << 21)
            firstResponse.update(month << 22 | bucket) { $0 += weight }
        }
        guard !pairs.isEmpty else { return }
        let untimed = resolved == nil && (status == .resolved || status == .closed)
        let createdDay = RollupSpan.floorDivide(created, 86400)
        let resolvedDay = resolved.map { RollupSpan.floorDivide($0, 86400) }
        for (dimension, value) in pairs {
            Self.count(&dimensions[DimensionKey(dimension: dimension, value: value, day: createdDay), default: .init()]) {
                $0.created += weight
                $0.entered += untimed ? 0 : weight
                $0.exited += resolved.map { $0 < created ? weight : 0 } ?? 0
            }
            if let resolved, let resolvedDay {
                Self.count(&dimensions[DimensionKey(dimension: dimension, value: value, day: resolvedDay), default: .init()]) {
                    $0.exited += resolved >= created ? weight : 0
                    $0.resolved += weight
                }
            }
        }
    }

    /// By `DayKey.packed`.
    private(set) var days = CountingTable(zero: (tickets: 0, resolutionSeconds: Int64(0)))
    /// By `ResolutionKey.packed`.
    private(set) var resolution = CountingTable(zero: 0)

    /// Counts `ticket`, stored with `source` beside each label it has (`weight` times; -1 takes it back out).
    /// Counts an imported row, its labels from where it says (else the file's own).
    mutating func add(_ row: NormalizedRow, weight: Int = 1) {
        add(row.ticket, categorySource: row.categorySource ?? .imported, prioritySource: row.prioritySource ?? .imported, weight: weight)
    }

    mutating func add(_ ticket: Ticket, source: LabelSource, weight: Int = 1) {
        add(ticket, categorySource: source, prioritySource: source, weight: weight)
    }

    mutating func add(_ ticket: Ticket, categorySource: LabelSource, prioritySource: LabelSource, weight: Int = 1) {
        if ticket.hasExtras {
            addDimensions(
                Self.dimensionValues(
                    group: ticket.group, assignee: ticket.assignee, channel: ticket.channel,
                    satisfaction: ticket.satisfaction, tags: ticket.tags),
                createdAt: UTCTimestamp.epochSeconds(ticket.createdAt),
                resolvedAt: ticket.resolvedAt.map(UTCTimestamp.epochSeconds), status: ticket.status,
                firstResponseAt: ticket.firstResponseAt.map(UTCTimestamp.epochSeconds), weight: weight)
        }
        add(
            createdAt: UTCTimestamp.epochSeconds(ticket.createdAt),
            resolvedAt: ticket.resolvedAt.map(UTCTimestamp.epochSeconds), category: ticket.category,
            priority: ticket.priority, status: ticket.status, categorySource: ticket.category == nil ? nil : categorySource,
            prioritySource: ticket.priority == nil ? nil : prioritySource, weight: weight)
    }

    /// Counts one stored ticket (`weight` times; -1 takes it back out).
    mutating func add(
        createdAt created: Int64, resolvedAt resolved: Int64?, category: Category?, priority: Priority?,
        status: Status, categorySource: LabelSource?, prioritySource: LabelSource?, weight: Int = 1
    ) {
        let category = labels.code(of: category), priority = labels.code(of: priority)
        hours.update(RollupSpan.floorDivide(created, 3600)) { $0 += weight }
        let key = DayKey(
            day: RollupSpan.floorDivide(created, 86400), category: category, priority: priority,
            status: status, categorySource: categorySource, prioritySource: prioritySource, resolved: resolved != nil)
        // One lookup per row: the entry is changed in place.
        let seconds = resolved.map { $0 - created } ?? 0
        days.update(key.packed) { entry in
            entry.tickets += weight
            entry.resolutionSeconds += seconds * Int64(weight)
        }
        // The backlog: entered when created (unless closed without a time), left at the later of creation and
        // resolution.
        let untimed = resolved == nil && (status == .resolved || status == .closed)
        let createdDay = Self.flowKey(
            day: RollupSpan.floorDivide(created, 86400), category: category, priority: priority)
        flow.update(createdDay) { counts in
            counts.entered += untimed ? 0 : weight
            counts.exited += resolved.map { $0 < created ? weight : 0 } ?? 0
            counts.untimed += untimed ? weight : 0
        }
        // In the backlog for a while: the whole days from creation's day to resolution's, at most 32.
        if !untimed, resolved.map({ $0 >= created }) ?? true {
            let stay = resolved.map {
                min(RollupSpan.floorDivide($0, 86400) - RollupSpan.floorDivide(created, 86400), 32)
            } ?? 32
            cohorts.update(createdDay << 6 | stay) { $0 += weight }
        }
        guard let resolved else { return }
        let resolvedDay = Self.flowKey(
            day: RollupSpan.floorDivide(resolved, 86400), category: category, priority: priority)
        flow.update(resolvedDay) { counts in
            counts.exited += resolved >= created ? weight : 0
            counts.resolved += weight
        }
        let month = Int(RollupSpan.month(containing: created))
        let resolvedMonth = Int(RollupSpan.month(containing: resolved))
        let bucket = Self.bucket(createdAt: created, resolvedAt: resolved)
        if category != 0 {
            resolution.update(ResolutionKey.packed(category: category, priority: nil, month: month, bucket: bucket)) {
                $0 += weight
            }
            resolvedHours.update(
                ResolutionKey.packed(category: category, priority: nil, month: resolvedMonth, bucket: bucket)
            ) { $0 += weight }
        }
        if priority != 0 {
            resolution.update(ResolutionKey.packed(category: nil, priority: priority, month: month, bucket: bucket)) {
                $0 += weight
            }
            resolvedHours.update(
                ResolutionKey.packed(category: nil, priority: priority, month: resolvedMonth, bucket: bucket)
            ) { $0 += weight }
        }
    }

    /// Changes a dictionary's entry in place: one lookup for several counts of a row.
    private static func count<Counts>(_ entry: inout Counts, _ change: (inout Counts) -> Void) {
        change(&entry)
    }

    /// Writes the counts into the emptied rollup tables, in the order of their packed keys (by hour, day and
    /// month): close to the tables' own order, so that the inserts mostly append to their b-trees. Values are
    /// bound straight to SQLite: building GRDB's arguments took most of the ~0.15 s of a million-row load's
    /// 60,000 rows, while nothing else runs.
    func write(_ db: Database) throws {
        let hour = try db.makeStatement(sql: "INSERT INTO report_hours (hour, tickets) VALUES (?, ?)")
        // Entries a ticket taken back out left at zero are no rows (the triggers' tables have none).
        for (key, tickets) in hours.sorted where tickets != 0 {
            try Self.insert(hour) { bind in
                bind.int(key)
                bind.int(Int64(tickets))
            }
        }
        let day = try db.makeStatement(
            sql: """
                INSERT INTO report_days (day, category, priority, status, category_source, priority_source, resolved,
                    tickets, resolution_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (packed, value) in days.sorted where value.tickets != 0 {
            let key = DayKey(packed: packed)
            try Self.insert(day) { bind in
                bind.int(key.day)
                bind.text(labels.category(key.category))
                bind.text(labels.priority(key.priority))
                bind.text(key.status.rawValue)
                bind.text(key.categorySource?.rawValue ?? "")
                bind.text(key.prioritySource?.rawValue ?? "")
                bind.int(key.resolved ? 1 : 0)
                bind.int(Int64(value.tickets))
                bind.int(value.resolutionSeconds)
            }
        }
        for (table, buckets) in [("report_resolution", resolution), ("report_resolved_hours", resolvedHours)] {
            let bucket = try db.makeStatement(
                sql: "INSERT INTO \(table) (kind, label, month, bucket, tickets) VALUES (?, ?, ?, ?, ?)")
            for (packed, tickets) in buckets.sorted where tickets != 0 {
                let key = ResolutionKey(packed: packed, labels: labels)
                try Self.insert(bucket) { bind in
                    bind.text(key.kind)
                    bind.text(key.label)
                    bind.int(Int64(key.month))
                    bind.int(Int64(key.bucket))
                    bind.int(Int64(tickets))
                }
            }
        }
        let dimensionRow = try db.makeStatement(
            sql: """
                INSERT INTO report_dimensions (dimension, value, day, created, entered, exited, resolved)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for (key, counts) in dimensions.sorted(by: { $0.key < $1.key }) where counts != DimensionCounts() {
            try Self.insert(dimensionRow) { bind in
                bind.text(key.dimension)
                bind.text(key.value)
                bind.int(key.day)
                bind.int(Int64(counts.created))
                bind.int(Int64(counts.entered))
                bind.int(Int64(counts.exited))
                bind.int(Int64(counts.resolved))
            }
        }
        let firstResponseRow = try db.makeStatement(
            sql: "INSERT INTO report_first_response (month, bucket, tickets) VALUES (?, ?, ?)")
        for (packed, tickets) in firstResponse.sorted where tickets != 0 {
            try Self.insert(firstResponseRow) { bind in
                bind.int(packed >> 22)
                bind.int((packed & (1 << 22 - 1)) - (1 << 21))
                bind.int(Int64(tickets))
            }
        }
        let flowRow = try db.makeStatement(
            sql: """
                INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for (packed, counts) in flow.sorted where counts != FlowCounts() {
            try Self.insert(flowRow) { bind in
                bind.int(packed >> 32)
                bind.text(labels.category((packed >> LabelCodes.priorityBits) & (1 << LabelCodes.categoryBits - 1)))
                bind.text(labels.priority(packed & (1 << LabelCodes.priorityBits - 1)))
                bind.int(Int64(counts.entered))
                bind.int(Int64(counts.exited))
                bind.int(Int64(counts.resolved))
                bind.int(Int64(counts.untimed))
            }
        }
        let cohortRow = try db.makeStatement(
            sql: "INSERT INTO report_backlog_cohorts (day, category, priority, stay, tickets) VALUES (?, ?, ?, ?, ?)")
        for (packed, tickets) in cohorts.sorted where tickets != 0 {
            let flowKey = packed >> 6
            try Self.insert(cohortRow) { bind in
                bind.int(flowKey >> 32)
                bind.text(labels.category((flowKey >> LabelCodes.priorityBits) & (1 << LabelCodes.categoryBits - 1)))
                bind.text(labels.priority(flowKey & (1 << LabelCodes.priorityBits - 1)))
                bind.int(packed & 63)
                bind.int(Int64(tickets))
            }
        }
    }

    /// Binds one row's values in order, then runs `statement` once.
    private static func insert(_ statement: Statement, _ values: (inout Binder) -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        var binder = Binder(handle: handle)
        values(&binder)
        try SQLiteBinding.execute(handle)
    }

    /// Binds the next parameter of a statement.
    private struct Binder {
        let handle: SQLiteStatement
        var index: Int32 = 1

        mutating func int(_ value: Int64) {
            sqlite3_bind_int64(handle, index, value)
            index += 1
        }

        mutating func text(_ value: String) {
            SQLiteBinding.bindCopy(handle, index, value)
            index += 1
        }
    }

    // MARK: The SQL definitions of ReportRollups, in Swift
    // (Hour, day and month are the reports' own: `RollupSpan.floorDivide` and `RollupSpan.month(containing:)`.)

    /// `ReportRollups.bucket`, rounding as SQLite's `round()` does (half away from zero, by adding 0.5 and
    /// truncating the magnitude).
    static func bucket(createdAt: Int64, resolvedAt: Int64) -> Int {
        guard resolvedAt > createdAt else { return ReportRollups.zeroBucket }
        let value = Foundation.log(Double(resolvedAt - createdAt) / 3600.0) / Foundation.log(ReportRollups.bucketGrowth)
        return value >= 0 ? Int(Int64(value + 0.5)) : -Int(Int64(-value + 0.5))
    }
}

extension RollupCounter.DayKey {
    /// The key `packed` stands for.
    init(packed: Int64) {
        let width = RollupCounter.Code.bits
        day = packed >> 32
        category = packed & (1 << LabelCodes.categoryBits - 1)
        var rest = packed >> LabelCodes.categoryBits
        priority = rest & (1 << LabelCodes.priorityBits - 1)
        rest >>= LabelCodes.priorityBits
        status = RollupCounter.Code.value(rest)!
        categorySource = RollupCounter.Code.value(rest >> width)
        prioritySource = RollupCounter.Code.value(rest >> (2 * width))
        resolved = (rest >> (3 * width)) & 1 == 1
    }
}

extension RollupCounter {
    /// Counts every ticket of the table, in one scan (a rebuild).
    static func counting(_ db: Database) throws -> RollupCounter {
        var counter = RollupCounter()
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT created_at, resolved_at, category, priority, status, category_source, priority_source,
                    group_name, assignee, channel, satisfaction, tags, first_response_at
                FROM tickets
                """)
        while let row = try rows.next() {
            let pairs = dimensionValues(
                group: row[7], assignee: row[8], channel: row[9], satisfaction: row[10],
                tags: TicketRecord.decodeTags(row[11]))
            if !pairs.isEmpty || row[12] != nil {
                counter.addDimensions(
                    pairs, createdAt: row[0], resolvedAt: row[1], status: Status(rawValue: row[4]) ?? .open,
                    firstResponseAt: row[12])
            }
            counter.add(
                createdAt: row[0], resolvedAt: row[1], category: (row[2] as String?).flatMap(Category.init(rawValue:)),
                priority: (row[3] as String?).flatMap(Priority.init(rawValue:)),
                status: Status(rawValue: row[4]) ?? .open,
                categorySource: (row[5] as String?).flatMap(LabelSource.init(rawValue:)),
                prioritySource: (row[6] as String?).flatMap(LabelSource.init(rawValue:)))
        }
        return counter
    }
}
