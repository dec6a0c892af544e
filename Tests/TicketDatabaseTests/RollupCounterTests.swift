import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketReporting

/// The rollups counted in Swift (a first load's, a rebuild's) must equal what the triggers' SQL keeps.
@Suite struct RollupCounterTests {
    static let rollups = [
        "report_hours", "report_days", "report_resolution", "report_calls", "report_flow", "report_resolved_hours",
        "report_dimensions", "report_first_response", "report_backlog_cohorts",
    ]

    func snapshot(_ db: Database) throws -> [String] {
        try Self.rollups.flatMap { table in
            try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { "\(table) \($0)" }.sorted()
        }
    }

    /// The triggers and indexes complete, and the rollups what a rebuild from the tickets makes (which `db` then
    /// holds).
    func expectTheRollupsOfARebuild(_ db: Database, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try ReportRollups.isComplete(db), sourceLocation: sourceLocation)
        let loaded = try snapshot(db)
        try ReportRollups.restore(db)
        #expect(try snapshot(db) == loaded, sourceLocation: sourceLocation)
    }

    /// Random tickets, plus the edges of the bucketing: before 1970, resolved at or before creation, a second
    /// after it, years after it, and on month and day boundaries.
    static func tickets() -> [Ticket] {
        var tickets = ReportRollupsTests.randomTickets(600, seed: 7)
        let edges: [(String, Double?)] = [
            ("1969-12-31T23:59:59Z", 1), ("1969-03-01T00:00:00Z", 86_400 * 40), ("2026-01-31T23:59:59Z", 0),
            ("2026-02-01T00:00:00Z", -3_600), ("2026-02-28T12:00:00Z", 1), ("2026-03-01T00:00:00Z", 86_400 * 3_000),
            ("2024-02-29T23:00:00Z", 3_600), ("2026-06-30T23:59:59Z", 3_600 * 1.005), ("2026-05-05T05:05:05Z", nil),
            ("2026-07-31T23:00:00Z", 7_200),
        ]
        for (i, (created, duration)) in edges.enumerated() {
            let start = TicketSeeder.date(created)
            tickets.append(
                Ticket(
                    id: "E-\(i)", title: "edge", description: "", category: .billing,
                    priority: i % 2 == 0 ? .high : nil,
                    status: .resolved, createdAt: start, resolvedAt: duration.map { start.addingTimeInterval($0) }))
        }
        return tickets
    }

    @Test func countedRollupsEqualTheTriggers() throws {
        let store = try TicketStore()
        let tickets = Self.tickets()
        try TicketSeeder.seed(store, tickets)
        var counter = RollupCounter()
        for ticket in tickets { counter.add(ticket, source: .imported) }
        try store.writer.write { db in
            // What the triggers (the SQL definition) counted as the tickets went in.
            let maintained = try snapshot(db)
            try ReportRollups.restore(db, counted: counter)
            let counted = try snapshot(db)
            #expect(counted.count == maintained.count)
            let differences = Set(counted).symmetricDifference(maintained).sorted()
            #expect(differences.isEmpty, "\(differences.prefix(10))")
            #expect(maintained.contains { $0.hasPrefix("report_resolution") })
            // A rebuild counts the same from one scan of the table.
            try ReportRollups.restore(db)
            #expect(try snapshot(db) == counted)
        }
    }

    enum Repeat: Sendable, CaseIterable { case none, changed, identical }

    /// A first load counts its rollups; an id met again in the file (changed or identical) is rejected, and the
    /// counted rollups still equal the rebuild.
    @Test(arguments: Repeat.allCases)
    func aFirstLoadLeavesTheRollupsOfARebuild(repeating: Repeat) throws {
        let directory = try TemporaryDirectory()
        let store = try TicketStore(path: directory.path("tickets.sqlite"))
        var lines = Self.csvLines(
            Self.tickets().enumerated().map { i, ticket in
                var ticket = ticket
                if repeating == .changed && i == 300 { ticket.id = "R-3" }
                return ticket
            })
        if repeating == .identical { lines.append(lines[4]) }
        let path = directory.path("tickets.csv")
        try Self.write(lines, to: path)
        let summary = try Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger())
            .run(paths: [path], options: ImportOptions())
        #expect(summary.updated == 0 && summary.unchanged == 0)
        #expect(summary.rejected == (repeating == .none ? 0 : 1))
        let tickets = Self.tickets().count - (repeating == .changed ? 1 : 0)
        try store.writer.write { db in
            try expectTheRollupsOfARebuild(db)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == tickets)
        }
    }

    /// Writes `lines` as a file at `path`, each ended by a newline.
    static func write(_ lines: some Sequence<String>, to path: String) throws {
        try lines.map { $0 + "\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The CSV lines (header first) of `tickets`, titled t0, t1… in order.
    static func csvLines(_ tickets: [Ticket]) -> [String] {
        ["id,title,description,category,priority,status,created_at,resolved_at"]
            + tickets.enumerated().map { i, ticket in
                let resolved = ticket.resolvedAt.map { ISO8601DateFormatter().string(from: $0) } ?? ""
                return "\(ticket.id),t\(i),d,\(ticket.category?.rawValue ?? ""),\(ticket.priority?.rawValue ?? ""),"
                    + "\(ticket.status.rawValue),\(ISO8601DateFormatter().string(from: ticket.createdAt)),\(resolved)"
            }
    }

    /// The import that completes a first load left unfinished (the store holds only what an import of that path,
    /// never completed, stored) loads as the first load did: the rollups' triggers and the secondary indexes
    /// suspended, rebuilt once at the end; rows by upsert, so what was stored is unchanged or updated. With
    /// another file's import completed before, the store is not the unfinished load's alone, and with another
    /// connection open the file is not the load's alone: rows go in with everything maintained. Either way the
    /// rollups equal a rebuild.
    @Test(arguments: CompletingCase.allCases)
    func anImportCompletingAnUnfinishedFirstLoadRebuildsOnce(_ situation: CompletingCase) throws {
        let anotherFileImported = situation == .anotherFileImported
        let directory = try TemporaryDirectory()
        let store = try TicketStore(path: directory.path("tickets.sqlite"))
        let logs = LogRecorder()
        let importer = Importer(store: store, clock: FixedWallClock(), logger: logs.logger())
        let tickets = Self.tickets()
        if anotherFileImported {
            let other = directory.path("other.csv")
            var lone = tickets[0]
            lone.id = "other-1"
            try Self.write(Self.csvLines([lone]), to: other)
            #expect(try importer.run(paths: [other], options: ImportOptions()).inserted == 1)
        }
        // What a load killed after its first batches leaves: those rows, and its run never completed.
        let path = directory.path("tickets.csv")
        var lines = Self.csvLines(tickets)
        try Self.write(lines.prefix(301), to: path)
        #expect(try importer.run(paths: [path], options: ImportOptions()).inserted == 300)
        try store.writer.write { db in
            try db.execute(sql: "UPDATE import_files SET status = 'interrupted' WHERE path LIKE '%/tickets.csv'")
        }
        lines[1] = lines[1].replacingOccurrences(of: ",t0,", with: ",t0 changed,")
        try Self.write(lines, to: path)
        let other = situation == .fileShared ? try DatabaseQueue(path: directory.path("tickets.sqlite")) : nil
        let summary = try importer.run(paths: [path], options: ImportOptions())
        try other?.close()
        #expect(summary.inserted == tickets.count - 300 && summary.updated == 1 && summary.unchanged == 299)
        let completing = logs.entries.contains { $0.message.hasPrefix("completing an unfinished first load") }
        #expect(completing == (situation == .alone))
        try store.writer.write { db in
            try expectTheRollupsOfARebuild(db)
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(
                try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours")
                    == tickets.count + (anotherFileImported ? 1 : 0))
            let title = try String.fetchOne(
                db, sql: "SELECT title FROM tickets WHERE external_id = ?", arguments: [tickets[0].id])
            #expect(title == "t0 changed")
        }
    }

    enum CompletingCase: Sendable, CaseIterable { case alone, anotherFileImported, fileShared }

    /// A first load killed part-way (SIGKILL: its triggers and indexes still suspended) is rebuilt when the store
    /// next opens, but a store opened for an import leaves that to the import: a load completing the killed one
    /// suspends them again and rebuilds once at its end; an import of another file, or one stopped before it
    /// loads, rebuilds first. Either way the rollups equal a rebuild.
    @Test(arguments: KilledCase.allCases)
    func aKilledFirstLoadIsRebuiltOnceByTheImportThatCompletesIt(_ situation: KilledCase) throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("tickets.sqlite")
        let tickets = Self.tickets()
        let path = directory.path("tickets.csv")
        let lines = Self.csvLines(tickets)
        do {
            let store = try TicketStore(path: database)
            try Self.write(lines.prefix(301), to: path)
            let importer = Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger())
            #expect(try importer.run(paths: [path], options: ImportOptions()).inserted == 300)
            try Self.leaveAsKilled(store)
        }
        try Self.write(lines, to: path)
        let store = try TicketStore(path: database, forImport: true)
        #expect(try store.writer.read(ReportRollups.isComplete) == false)
        let logs = LogRecorder()
        let importer = Importer(store: store, clock: FixedWallClock(), logger: logs.logger())
        switch situation {
        case .completed:
            let summary = try importer.run(paths: [path], options: ImportOptions())
            #expect(summary.inserted == tickets.count - 300 && summary.unchanged == 300)
            #expect(logs.entries.contains { $0.message.hasPrefix("completing an unfinished first load") })
        case .anotherFileImported:
            let other = directory.path("other.csv")
            var lone = tickets[0]
            lone.id = "other-1"
            try Self.write(Self.csvLines([lone]), to: other)
            #expect(try importer.run(paths: [other], options: ImportOptions()).inserted == 1)
        case .stoppedBeforeLoading:
            #expect(throws: ImportError.self) {
                try importer.run(paths: [directory.path("missing.csv")], options: ImportOptions())
            }
        }
        try store.writer.write { db in
            try expectTheRollupsOfARebuild(db)
            #expect(
                try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours")
                    == [KilledCase.completed: tickets.count, .anotherFileImported: 301, .stoppedBeforeLoading: 300][situation])
        }
    }

    enum KilledCase: Sendable, CaseIterable { case completed, anotherFileImported, stoppedBeforeLoading }

    /// A large import into a store that already holds tickets (a backfill of legacy ones, mostly new) suspends the
    /// rollups' triggers and the secondary indexes and rebuilds them once at its end, as a first load does; a file
    /// whose first rows the store holds (an export read again), a file below the minimum, and a file another
    /// connection has open keep them row by row. Either way the rows are upserted and the rollups equal a rebuild.
    @Test(arguments: LargeLoadCase.allCases)
    func aLargeImportIntoAStoreHoldingTicketsRebuildsOnceAtItsEnd(_ situation: LargeLoadCase) throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("tickets.sqlite")
        let store = try TicketStore(path: database)
        if situation != .belowMinimum { store.largeLoadMinimumBytes = 1 }
        let logs = LogRecorder()
        let importer = Importer(store: store, clock: FixedWallClock(), logger: logs.logger())
        let stored = Self.tickets()
        let first = directory.path("first.csv")
        try Self.write(Self.csvLines(stored), to: first)
        #expect(try importer.run(paths: [first], options: ImportOptions()).inserted == stored.count)
        let text = Self.longText
        let backfill = Self.backfill(seed: 11)
        let lines: [String] =
            switch situation {
            // The store's tickets first, read again, and a few new ones after them.
            case .readAgain: Self.csvLines(stored + backfill.prefix(20))
            case .backfill, .belowMinimum, .fileShared: Self.csvLines(backfill)
            }
        let path = directory.path("backfill.csv")
        try Self.write(lines.map { $0.replacingOccurrences(of: ",d,", with: ",\(text),") }, to: path)
        let other = situation == .fileShared ? try DatabaseQueue(path: database) : nil
        let summary = try importer.run(paths: [path], options: ImportOptions())
        try other?.close()
        let inserted = situation == .readAgain ? 20 : backfill.count
        #expect(summary.inserted == inserted && summary.rejected == 0)
        let large = logs.entries.contains { $0.message.hasPrefix("a large import into a database holding tickets") }
        #expect(large == (situation == .backfill))
        try store.writer.write { db in
            try expectTheRollupsOfARebuild(db)
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == stored.count + inserted)
            let description = try String.fetchOne(
                db, sql: "SELECT description FROM tickets WHERE external_id = ?", arguments: [stored[0].id])
            #expect(description == (situation == .readAgain ? text : "d"))
        }
    }

    enum LargeLoadCase: Sendable, CaseIterable { case backfill, readAgain, belowMinimum, fileShared }

    /// A file's new rows are judged at both its ends: a backfill is new at both, an export read again is stored at
    /// one end at least, whichever end its help desk lists the newest tickets at.
    @Test(arguments: ShareCase.allCases)
    func theNewRowShareIsJudgedAtBothEndsOfAFile(_ situation: ShareCase) throws {
        let directory = try TemporaryDirectory()
        let store = try TicketStore(path: directory.path("tickets.sqlite"))
        store.largeLoadMinimumBytes = 1
        let importer = Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger())
        let stored = Self.tickets()
        let first = directory.path("first.csv")
        try Self.write(Self.csvLines(stored), to: first)
        #expect(try importer.run(paths: [first], options: ImportOptions()).inserted == stored.count)
        let backfill = Self.backfill(seed: 17)
        let tickets: [Ticket] =
            switch situation {
            case .backfill: backfill
            case .newestFirst: Array(backfill.prefix(1_000)) + stored
            case .oldestFirst: stored + backfill
            }
        let path = directory.path("export.csv")
        try Self.write(Self.csvLines(tickets).map { $0.replacingOccurrences(of: ",d,", with: ",\(Self.longText),") }, to: path)
        let share = importer.newRowShare(path, format: .csv, options: ImportOptions(), tailBytes: 1 << 16)
        let expected = [ShareCase.backfill: 1.0, .newestFirst: 0.0, .oldestFirst: Double(1_000 - stored.count) / 1_000][situation]
        #expect(share == expected)
    }

    enum ShareCase: Sendable, CaseIterable { case backfill, newestFirst, oldestFirst }

    /// The look at a file's first rows stops after a few megabytes, whatever the rows' size: rows of 100 KB each
    /// would otherwise have it read a thousand of them (100 MB) before the import reads them again. Here the first
    /// 60 (6 MB) are stored tickets and 200 new ones follow: only stored ones are within reach.
    @Test func theLookAtAFilesRowsStopsAfterAFewMegabytes() throws {
        let directory = try TemporaryDirectory()
        let store = try TicketStore(path: directory.path("tickets.sqlite"))
        store.largeLoadMinimumBytes = 1
        let importer = Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger())
        let stored = Array(Self.tickets().prefix(60))
        let first = directory.path("first.csv")
        try Self.write(Self.csvLines(stored), to: first)
        #expect(try importer.run(paths: [first], options: ImportOptions()).inserted == stored.count)
        let long = String(repeating: "a long thread of replies ", count: 4_000)
        var lines = Self.csvLines(stored).map { $0.replacingOccurrences(of: ",d,", with: ",\(long),") }
        lines += Self.csvLines(Array(Self.backfill(seed: 19).prefix(200))).dropFirst()
        let path = directory.path("export.csv")
        try Self.write(lines, to: path)
        #expect(importer.newRowShare(path, format: .csv, options: ImportOptions(), tailBytes: 1 << 30) == 0)
    }

    /// A description long enough that a backfill's new rows outweigh a twentieth of the store (its empty pages
    /// included).
    static let longText = Array(repeating: "the export of a help desk that has been answering tickets for years", count: 8)
        .joined(separator: " ")

    /// 3,000 random tickets with ids none of `tickets()` has.
    static func backfill(seed: UInt64) -> [Ticket] {
        ReportRollupsTests.randomTickets(3_000, seed: seed).enumerated().map { i, ticket in
            var ticket = ticket
            ticket.id = "B-\(i)"
            return ticket
        }
    }

    /// What a load killed part-way leaves: its run (every import's, without `path`) unfinished, the triggers and
    /// indexes suspended by a process gone (this one's pid, which the store never takes for a live load).
    static func leaveAsKilled(_ store: TicketStore, importOf path: String? = nil) throws {
        try store.writer.write { db in
            if let path {
                try db.execute(sql: "UPDATE import_files SET status = 'interrupted' WHERE path = ?", arguments: [FileFingerprint(path: path)!.path])
            } else {
                try db.execute(sql: "UPDATE import_files SET status = 'interrupted'")
            }
            try ReportRollups.suspend(db)
        }
    }

    /// A large import killed part-way (its triggers and indexes suspended by a process gone) into a store holding
    /// other tickets: a store opened for the import that completes it leaves the rebuild to its load, which suspends
    /// them again and rebuilds once at its end; the rollups then equal a rebuild.
    @Test func aKilledLargeImportIsRebuiltOnceByTheImportThatCompletesIt() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("tickets.sqlite")
        let stored = Self.tickets()
        let backfill = Self.backfill(seed: 13)
        let lines = Self.csvLines(backfill).map { $0.replacingOccurrences(of: ",d,", with: ",\(Self.longText),") }
        let path = directory.path("backfill.csv")
        do {
            let store = try TicketStore(path: database)
            let importer = Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger())
            let first = directory.path("first.csv")
            try Self.write(Self.csvLines(stored), to: first)
            #expect(try importer.run(paths: [first], options: ImportOptions()).inserted == stored.count)
            try Self.write(lines.prefix(301), to: path)
            #expect(try importer.run(paths: [path], options: ImportOptions()).inserted == 300)
            try Self.leaveAsKilled(store, importOf: path)
        }
        try Self.write(lines, to: path)
        let store = try TicketStore(path: database, forImport: true)
        store.largeLoadMinimumBytes = 1
        #expect(try store.writer.read(ReportRollups.isComplete) == false)
        let logs = LogRecorder()
        let summary = try Importer(store: store, clock: FixedWallClock(), logger: logs.logger())
            .run(paths: [path], options: ImportOptions())
        #expect(summary.inserted == backfill.count - 300 && summary.unchanged == 300)
        #expect(logs.entries.contains { $0.message.hasPrefix("a large import into a database holding tickets") })
        try store.writer.write { db in
            try expectTheRollupsOfARebuild(db)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == stored.count + backfill.count)
        }
    }

    /// The file's new rows are looked at only where the answer matters: not for a first load into an empty store.
    @Test func aFirstLoadDoesNotAskForTheNewRowShare() throws {
        let directory = try TemporaryDirectory()
        let store = try TicketStore(path: directory.path("tickets.sqlite"))
        let path = directory.path("first.csv")
        try Self.write(Self.csvLines(Self.tickets()), to: path)
        var asked = false
        try store.withBulkLoad(of: FileFingerprint(path: path), newRowShare: { asked = true; return 1 }, logger: LogRecorder().logger()) {
            loader in #expect(loader.isFirstLoad)
        }
        #expect(!asked)
    }

    /// New rows are the sampled share of the file, and at least what it holds beyond the store's size; a load is
    /// large from the minimum and a twentieth of the store.
    @Test func aLoadIsLargeWhenItsNewRowsOutweighAFullRebuild() {
        #expect(TicketStore.newBytes(fileBytes: 500, newRowShare: 0, storeBytes: 130) == 370)
        #expect(TicketStore.newBytes(fileBytes: 500, newRowShare: 0, storeBytes: 700) == 0)
        #expect(TicketStore.newBytes(fileBytes: 100, newRowShare: 0.5, storeBytes: 1_000) == 50)
        #expect(TicketStore.newBytes(fileBytes: 100, newRowShare: 1.5, storeBytes: 1_000) == 100)
        #expect(!TicketStore.isLargeLoad(newBytes: 49, storeBytes: 1_000, minimum: 10))
        #expect(TicketStore.isLargeLoad(newBytes: 50, storeBytes: 1_000, minimum: 10))
        #expect(!TicketStore.isLargeLoad(newBytes: 50, storeBytes: 1_000, minimum: 51))
    }

    /// A first load's rows hashed and counted ahead, on the import's validating thread (`RowPreparer`): the ids
    /// met again (one identical, one with every field changed, export columns and all) are taken back out of the
    /// counts, which still hold (no rebuild from the table) and equal the rebuild.
    @Test func repeatedRowsAreTakenBackOutOfAPreparersCounts() throws {
        let directory = try TemporaryDirectory()
        let store = try TicketStore(path: directory.path("tickets.sqlite"))
        let tickets = Self.tickets()
        var changed = tickets[5]
        changed.id = tickets[0].id
        #expect(changed.group != nil && changed != tickets[0])
        let rows = tickets + [tickets[3], changed]
        var counted: RollupCounter?
        var repeats = 0
        try store.withBulkLoad(logger: LogRecorder().logger()) { loader in
            #expect(loader.isFirstLoad)
            let preparer = loader.makePreparer()
            for (i, ticket) in rows.enumerated() {
                var row = NormalizedRow(ticket: ticket)
                preparer.prepare(&row)
                #expect(row.preparedHash == row.contentHash(.words))
                if case .repeated = try loader.store(row, file: "f.csv", line: i + 2, importedAt: 0) { repeats += 1 }
            }
            counted = loader.countedRollups()
        }
        #expect(repeats == 2)
        #expect(counted != nil)
        try store.writer.write { db in
            try expectTheRollupsOfARebuild(db)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(tickets) FROM report_hours") == tickets.count)
        }
    }

    /// Labels whose file says where they came from (our export's `label_source`) are counted under that source in
    /// a first load, repeats taken back out, as a rebuild counts them.
    @Test func aFirstLoadCountsTheSourcesTheFileGives() throws {
        let directory = try TemporaryDirectory()
        let store = try TicketStore(path: directory.path("tickets.sqlite"))
        let sources = ["", "llm", "local", "manual", "imported", "llm+local", "manual+llm"]
        var lines = ["id,title,description,category,priority,status,created_at,resolved_at,label_source"]
        for (i, ticket) in Self.tickets().enumerated() {
            let resolved = ticket.resolvedAt.map { ISO8601DateFormatter().string(from: $0) } ?? ""
            lines.append(
                "\(ticket.id),t\(i),d,\(ticket.category?.rawValue ?? ""),\(ticket.priority?.rawValue ?? ""),"
                    + "\(ticket.status.rawValue),\(ISO8601DateFormatter().string(from: ticket.createdAt)),\(resolved),\(sources[i % sources.count])")
        }
        lines.append(lines[9])
        let path = directory.path("tickets.csv")
        try Self.write(lines, to: path)
        let summary = try Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger())
            .run(paths: [path], options: ImportOptions())
        #expect(summary.inserted == Self.tickets().count && summary.rejected == 1)
        try store.writer.write { db in
            try expectTheRollupsOfARebuild(db)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT category_source) FROM tickets") == 4)
        }
    }
}
