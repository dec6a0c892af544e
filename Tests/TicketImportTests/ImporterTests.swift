import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport

@Suite struct ImporterTests {
    let directory: TemporaryDirectory
    let store: TicketStore
    let logs = LogRecorder()

    init() throws {
        directory = try TemporaryDirectory()
        store = try TicketStore(path: directory.path("tickets.sqlite"))
    }

    var importer: Importer { Importer(store: store, clock: FixedWallClock(), logger: logs.logger()) }

    func run(_ paths: [String], _ configure: (inout ImportOptions) -> Void = { _ in }) throws -> ImportSummary {
        var options = ImportOptions()
        configure(&options)
        return try importer.run(paths: paths, options: options)
    }

    func ticket(_ id: String) throws -> TicketRecord? {
        try store.writer.read { db in
            try TicketRecord.fetchOne(db, sql: "SELECT * FROM tickets WHERE external_id = ?", arguments: [id])
        }
    }

    func count() throws -> Int { try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets")! } }

    // MARK: Bad input: each broken fixture rejects exactly its bad row, with file, line and reason.

    @Test(arguments: [
        ("missing-id.csv", "field 'id': missing"),
        ("missing-text.csv", "fields 'title' and 'description': both empty"),
        ("missing-created-at.csv", "field 'created_at': missing"),
        ("bad-date.csv", "field 'created_at': cannot parse date 'yesterday-ish'"),
        ("unknown-label.csv", "field 'category': unknown value 'shoes'"),
        ("wrong-field-count.csv", "expected 8 fields, found 4"),
        ("unterminated-quote.csv", "the file ends inside a quoted field opened in this record"),
        ("invalid-utf8.csv", "column 'title': not valid UTF-8"),
        ("not-json.jsonl", "not valid JSON"),
        ("not-object.jsonl", "not a JSON object"),
        ("deep-nesting.jsonl", "not valid JSON"),
        ("invalid-utf8.jsonl", "not valid UTF-8"),
        ("huge-timestamp.csv", "field 'created_at': date '100000000000000000000' is outside the years 1 to 9999"),
        ("huge-timestamp.jsonl", "field 'resolved_at': date '1e+20' is outside the years 1 to 9999"),
        ("huge-timestamp-string.jsonl", "field 'created_at': date '99999999999999999999999' is outside"),
        ("duplicate-id.csv", "field 'id': 'G-1' repeats the ticket of line 2"),
        ("nul-byte.csv", "field 'description': holds a NUL character (byte 0)"),
        ("nul-character.jsonl", "field 'title': holds a NUL character (byte 0)"),
        ("repeated-key.jsonl", "key 'status': appears more than once in the object"),
    ])
    func brokenFileRejectsItsBadRow(name: String, reason: String) throws {
        let path = Fixtures.path("broken/\(name)")
        let rejects = directory.path("rejects-\(name)")
        let summary = try run([path]) { $0.rejectsPath = rejects }
        let file = try #require(summary.files.first)
        #expect(file.read == 2)
        #expect(file.inserted == 1)
        #expect(file.rejected == 1)
        #expect(file.read == file.inserted + file.updated + file.unchanged + file.rejected)
        #expect(file.rejectsPath == rejects)
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(written.contains(reason))
        #expect(written.contains(path))
        let expectedLine = name.hasSuffix(".csv") ? 3 : 2
        #expect(written.contains(name.hasSuffix(".csv") ? "\"\(expectedLine)\"" : "\"reject_line\":\(expectedLine)"))
        #expect(try ticket("G-1") != nil)
    }

    /// The rejects file keeps a row whose key is named twice as it was, both values in it, for the person to
    /// choose: written from the parsed object, it held only the value the parser kept.
    @Test func aRowWithAKeyNamedTwiceIsWrittenToTheRejectsAsItWas() throws {
        let path = Fixtures.path("broken/repeated-key.jsonl")
        let rejects = directory.path("repeated.rejects.jsonl")
        _ = try run([path]) { $0.rejectsPath = rejects }
        let line = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(line.hasPrefix(#"{"id":"B-14","title":"Twice","status":"open","created_at":"2026-11-20T10:00:00Z","st\u0061tus":"closed","reject_file":"#), "\(line)")
        #expect(line.hasSuffix(#","reject_line":2,"reject_reason":"key 'status': appears more than once in the object, and which of its values is meant cannot be told"}"# + "\n"))
        // Imported again unfixed, it is rejected again (its reject_* keys now twice); fixed, it imports.
        let again = directory.path("again.rejects.jsonl")
        let second = try run([rejects]) { $0.rejectsPath = again }
        #expect(second.files.first?.rejected == 1)
        let twice = try String(contentsOfFile: again, encoding: .utf8)
        #expect(twice.contains("key 'status': appears more than once"), "\(twice)")
        let fixed = try directory.write("fixed.jsonl", twice.replacingOccurrences(of: #""status":"open","#, with: ""))
        let third = try run([fixed])
        #expect(third.files.first?.inserted == 1 && third.files.first?.rejected == 0)
        #expect(try ticket("B-14")?.status == .closed)
        #expect(RejectsWriter.appending(["a": 1], to: " { } ") == #"{ "a":1}"#)
        #expect(RejectsWriter.appending(["a": 1], to: #"{"b":[1]}"#) == #"{"b":[1],"a":1}"#)
        #expect(RejectsWriter.appending(["a": 1], to: "[1]") == nil)
    }

    /// A row with several problems names them all, so that fixing a legacy file takes one pass, not one per
    /// problem; a row's first problem no longer hides the others.
    @Test func aRowWithSeveralProblemsNamesEachOfThem() throws {
        let path = try directory.write("several.csv", """
            id,title,description,category,priority,status,created_at,resolved_at
            ,,,shoes,low,pending,yesterday-ish,2026-11-02T10:00:00Z
            S-2,Refund,Charged twice,billing,urgent,open,2026-11-01T09:00:00Z,someday
            S-3,Fine,All good,billing,low,open,2026-11-01T09:00:00Z,

            """)
        let rejects = directory.path("several.rejects.csv")
        let summary = try run([path]) { $0.rejectsPath = rejects }
        #expect(summary.files.first?.rejected == 2)
        #expect(summary.files.first?.inserted == 1)
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(written.contains(
            "field 'id': missing; fields 'title' and 'description': both empty; field 'created_at': cannot parse date "
                + "'yesterday-ish'; field 'category': unknown value 'shoes'"), "\(written)")
        #expect(written.contains("field 'status': unknown value 'pending'"), "\(written)")
        #expect(written.contains("field 'resolved_at': cannot parse date 'someday'; field 'priority': unknown value 'urgent'"),
                "\(written)")
        // Only the labels of the taxonomy's kinds count as foreign labels.
        #expect(summary.files.first?.unknownLabels == ["category": ["shoes": 1], "priority": ["urgent": 1]])
    }

    /// A reason quotes a value, or a column's name, to its first 80 characters: a row shifted by a column put a
    /// description of pages into `created_at`, and the whole of it was repeated in the reason (log and rejects).
    @Test func aReasonQuotesALongValueShort() throws {
        let page = String(repeating: "The export stopped halfway. ", count: 400)  // 11 KB
        let path = try directory.write("shifted.csv", """
            id,title,description,category,priority,status,created_at,resolved_at
            S-1,Export,It stopped,billing,low,open,\(page),

            """)
        let rejects = directory.path("shifted.rejects.csv")
        _ = try run([path]) { $0.rejectsPath = rejects }
        let reason = try #require(try CSVTestReader(path: rejects).rows.first?["reject_reason"])
        #expect(reason.contains("field 'created_at': cannot parse date '\(page.prefix(80))'"), "\(reason)")
        #expect(reason.count < 400, "\(reason.count) characters")
        let column = String(repeating: "c", count: 5_000)
        #expect(RowRejection.Reason.invalidValueType(column: column, type: "object").description.count < 200)
        #expect(RowRejection.Reason.invalidUTF8(column: column).description.count < 200)
    }

    /// A column the header leaves unnamed was dropped whatever its cells held. It is kept under its position's
    /// name, and an export writes it back, so that importing that export changes nothing.
    @Test func anUnnamedColumnIsKeptByItsPosition() throws {
        let path = try directory.write("unnamed.csv", """
            id,title,,created_at,column_5,
            U-1,Refund,kept,2026-11-01T09:00:00Z,named,also kept
            U-2,Login,,2026-11-01T10:00:00Z,,

            """)
        let summary = try run([path])
        #expect(summary.files.first?.unknownColumns == ["column_3", "column_5", "column_6"])
        #expect(try ticket("U-1")?.attributes == #"{"column_3":"kept","column_5":"named","column_6":"also kept"}"#)
        #expect(try ticket("U-2")?.attributes == nil)
        #expect(CSVRowSource.namingNameless(["a", "", "column_2", ""]) == ["a", "column_2_", "column_2", "column_4"])
    }

    @Test func emptyFileHasNoHeader() throws {
        #expect(throws: ImportError.noHeader(file: Fixtures.path("broken/no-header.csv"))) {
            try run([Fixtures.path("broken/no-header.csv")])
        }
    }

    @Test func headerWithoutAnIDColumnStopsTheFile() throws {
        #expect {
            try run([Fixtures.path("broken/missing-id-column.csv")])
        } throws: { error in
            guard case ImportError.missingColumn(_, .id, _, let header) = error else { return false }
            return header == ["ticket", "title"]
        }
    }

    /// A header with no column for the text or the creation time would have every row rejected, one by one:
    /// the file stops at its header instead, naming the preset whose columns it has, and nothing is stored.
    @Test func aHeaderEveryRowWouldBeRejectedForStopsTheFileAndNamesThePreset() throws {
        let zendesk = try directory.write("zendesk.csv", "Id,Subject,Status,Priority,Created at\nZ-1,Refund,Open,High,2026-11-01T10:00:00Z\n")
        #expect {
            try run([zendesk])
        } throws: { error in
            guard case ImportError.columnsEveryRowNeeds(_, let fields, "ticketjobs", _, let preset, _, _) = error else { return false }
            return fields == ["title or description", "created_at"] && preset == "zendesk"
                && "\(error)".hasSuffix("Its columns are zendesk's: --mapping zendesk")
        }
        let unknown = try directory.write("other.csv", "id,subject,body\n1,Refund,charged twice\n")
        #expect {
            try run([unknown])
        } throws: { error in
            guard case ImportError.columnsEveryRowNeeds(_, let fields, _, let header, nil, _, _) = error else { return false }
            return fields == ["title or description", "created_at"] && header == ["id", "subject", "body"]
        }
        #expect(try count() == 0)
        // A mapping's defaults give what the header lacks.
        var mapping = ColumnMapping.ticketjobs
        mapping.defaults[.createdAt] = "2026-11-01T00:00:00Z"
        mapping.columns[.title] = ["subject"]
        let summary = try run([unknown]) { $0.mapping = mapping }
        #expect(summary.inserted == 1)
        #expect(try run([zendesk]) { $0.mapping = .zendesk }.inserted == 1)
    }

    @Test func unreadableFileIsAnError() throws {
        #expect(throws: ImportError.self) { try run([directory.path("nope.csv")]) }
    }

    @Test func csvRejectsFileCanBeFixedAndReimported() throws {
        let path = try directory.write(
            "in.csv", "id,title,description,created_at\n1,ok,x,2026-11-20\n2,bad date,x,someday\n")
        let rejects = directory.path("in.rejects.csv")
        _ = try run([path]) { $0.rejectsPath = rejects }
        let fixed = try String(contentsOfFile: rejects, encoding: .utf8).replacingOccurrences(of: "someday", with: "2026-11-21")
        let fixedPath = try directory.write("fixed.csv", fixed)
        let summary = try run([fixedPath]) { $0.rejectsPath = directory.path("again.csv") }
        #expect(summary.inserted == 1)
        #expect(summary.rejected == 0)
        #expect(summary.files[0].unknownColumns.isEmpty)
        #expect(try ticket("2")?.title == "bad date")
    }

    // MARK: Idempotence and labels

    @Test func reimportingTheSameFileChangesNothing() throws {
        let path = Fixtures.path("tickets.csv")
        let first = try run([path])
        #expect(first.inserted == 300)
        let before = try store.writer.read { try Row.fetchAll($0, sql: "SELECT * FROM tickets ORDER BY id") }
        let second = try run([path])
        #expect(second.read == 300)
        #expect(second.unchanged == 300)
        #expect(second.inserted == 0 && second.updated == 0)
        let after = try store.writer.read { try Row.fetchAll($0, sql: "SELECT * FROM tickets ORDER BY id") }
        #expect(before == after)
    }

    // MARK: First loads

    /// A first load into a file of its own writes through a rollback journal, then returns the store to WAL.
    @Test func aFirstLoadUsesARollbackJournalAndLeavesTheStoreInWAL() throws {
        #expect(try run([Fixtures.path("tickets.csv")]).inserted == 300)
        #expect(logs.entries.contains { $0.message == "first load: rollback journal, exclusive" })
        #expect(try store.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(!FileManager.default.fileExists(atPath: directory.path("tickets.sqlite-journal")))
        #expect(try count() == 300)
    }

    @Test func aNewStoreHasSixteenKilobytePages() throws {
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 16384)
        #expect(try store.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    /// Another connection to the file keeps it in WAL; the load works the same and the other sees it.
    @Test func aFirstLoadStaysInWALWhileAnotherConnectionIsOpen() throws {
        let other = try DatabaseQueue(path: directory.path("tickets.sqlite"))
        #expect(try other.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets") } == 0)
        #expect(try run([Fixtures.path("tickets.csv")]).inserted == 300)
        #expect(!logs.entries.contains { $0.message == "first load: rollback journal" })
        #expect(try other.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try other.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets") } == 300)
    }

    @Test func csvAndJSONLFixturesHoldTheSameTickets() throws {
        _ = try run([Fixtures.path("tickets.csv")])
        let jsonl = try run([Fixtures.path("tickets.jsonl")])
        #expect(jsonl.unchanged == 300)
    }

    @Test func changedRowUpdatesButKeepsAClassifierLabelWhenTheExportHasNone() throws {
        let v1 = try directory.write("v1.csv", "id,title,description,category,priority,created_at\n7,Refund,x,,,2026-11-20\n")
        _ = try run([v1])
        try store.writer.write { db in
            try db.execute(sql: "UPDATE tickets SET category = 'billing', category_source = 'llm' WHERE external_id = '7'")
        }
        let v2 = try directory.write(
            "v2.csv", "id,title,description,category,priority,created_at\n7,Refund please,x,,high,2026-11-20\n")
        let summary = try run([v2])
        #expect(summary.updated == 1)
        let record = try #require(try ticket("7"))
        #expect(record.title == "Refund please")
        #expect(record.category == .billing && record.categorySource == .llm)
        #expect(record.priority == .high && record.prioritySource == .imported)
        #expect(record.status == .open)
    }

    /// A file giving the labels a classifier gave the ticket since its last import (the store's own export, or
    /// the help desk's after the labels went there) changes nothing; with another change, the ticket is
    /// updated and those labels stay the classifier's; a label that differs is the file's.
    @Test func labelsAFileGivesAsTheTicketHasThemKeepWhereTheyCameFrom() throws {
        let header = "id,title,description,category,priority,created_at\n"
        _ = try run([try directory.write("v1.csv", header + "7,Refund,x,billing,,2026-11-20\n8,Login,y,,,2026-11-20\n")])
        try store.writer.write { db in
            try db.execute(sql: "UPDATE tickets SET priority = 'high', priority_source = 'local' WHERE external_id = '7'")
            try db.execute(
                sql: """
                    UPDATE tickets SET category = 'account', category_source = 'llm', priority = 'low', priority_source = 'llm'
                    WHERE external_id = '8'
                    """)
        }
        let same = try directory.write("v2.csv", header + "7,Refund,x,billing,high,2026-11-20\n8,Login,y,account,,2026-11-20\n")
        let unchanged = try run([same])
        #expect(unchanged.unchanged == 2 && unchanged.updated == 0)
        #expect(try ticket("7")?.prioritySource == .local && ticket("7")?.revision == 0)
        #expect(try ticket("8")?.categorySource == .llm && ticket("8")?.prioritySource == .llm)

        let changed = try directory.write(
            "v3.csv", header + "7,Refund now,x,billing,high,2026-11-20\n8,Login,y,account,medium,2026-11-20\n")
        let updated = try run([changed])
        #expect(updated.updated == 2)
        let seven = try #require(try ticket("7"))
        #expect(seven.title == "Refund now" && seven.priority == .high && seven.prioritySource == .local)
        #expect(seven.categorySource == .imported)
        let eight = try #require(try ticket("8"))
        #expect(eight.category == .account && eight.categorySource == .llm)
        #expect(eight.priority == .medium && eight.prioritySource == .imported)
    }

    /// Our export's `label_source` read into a new store keeps the classifiers' labels theirs (the local model
    /// never learns from them) and a person's a person's; into a store that has the ticket, a label new to it is
    /// where the file says it came from, one it has keeps its own source, and a person's label stays.
    @Test func ourExportsLabelSourcesComeAlong() throws {
        let header = "id,title,description,category,priority,created_at,label_source\n"
        let first = try run([
            try directory.write(
                "export.csv",
                header + "1,a,x,billing,high,2026-11-20,llm\n2,b,x,account,,2026-11-20,local\n3,c,x,general,low,2026-11-20,manual+llm\n"
                    + "4,d,x,technical,medium,2026-11-20,\n5,e,x,,,2026-11-20,llm\n6,f,x,billing,low,2026-11-20,robot\n"
                    + "7,g,x,billing,low,2026-11-20,llm+local+manual\n")
        ])
        #expect(first.inserted == 5 && first.rejected == 2)
        func sources(_ id: String) throws -> [LabelSource?] {
            let record = try #require(try ticket(id))
            return [record.categorySource, record.prioritySource]
        }
        #expect(try sources("1") == [.llm, .llm])
        #expect(try sources("2") == [.local, nil])
        #expect(try sources("3") == [.manual, .llm])
        #expect(try sources("4") == [.imported, .imported])
        #expect(try sources("5") == [nil, nil])
        let rejects = try String(contentsOfFile: try #require(first.rejectsPath), encoding: .utf8)
        #expect(rejects.contains("field 'label_source': unknown value 'robot'; allowed: imported, llm, local, manual"), "\(rejects)")
        #expect(rejects.contains("unknown value 'llm+local+manual'"))

        let again = try run([
            try directory.write(
                "later.csv",
                header + "1,a,x,billing,low,2026-11-20,manual\n2,b,x,technical,high,2026-11-20,llm\n"
                    + "3,c,x,billing,high,2026-11-20,local\n")
        ])
        #expect(again.updated == 3)
        // 1: the same category keeps its source; the new priority is the file's person's.
        #expect(try sources("1") == [.llm, .manual])
        #expect(try ticket("1")?.priority == .low)
        // 2: both new, both Claude's.
        #expect(try sources("2") == [.llm, .llm])
        // 3: a person's category stays; the new priority is the local model's.
        #expect(try ticket("3")?.category == .general && sources("3") == [.manual, .local])
    }

    /// The same from our JSON Lines export.
    @Test func ourJSONLinesExportsLabelSourcesComeAlong() throws {
        let path = try directory.write(
            "export.jsonl",
            #"{"id": "1", "title": "a", "category": "billing", "priority": "high", "created_at": "2026-11-20T00:00:00Z", "label_source": "llm+manual"}"#
                + "\n" + #"{"id": "2", "title": "b", "category": "billing", "created_at": "2026-11-20T00:00:00Z", "label_source": "nobody"}"# + "\n")
        let summary = try run([path])
        #expect(summary.inserted == 1 && summary.rejected == 1)
        #expect(try ticket("1")?.categorySource == .llm && ticket("1")?.prioritySource == .manual)
        #expect(try ticket("1")?.attributes == nil)
    }

    /// A help desk's export with a column of that name keeps it as an attribute: only our own columns say where
    /// labels came from.
    @Test func aHelpDesksLabelSourceColumnIsAnAttribute() throws {
        let path = try directory.write(
            "zendesk.csv", "Id,Subject,Priority,Created at,label_source\n9,Printer,High,2026-11-20,manual\n")
        #expect(try run([path]) { $0.mapping = .zendesk }.inserted == 1)
        let record = try #require(try ticket("9"))
        #expect(record.prioritySource == .imported)
        #expect(record.attributes?.contains("\"label_source\":\"manual\"") == true, "\(String(describing: record.attributes))")
    }

    @Test func anIDRepeatedInAFileIsRejectedSoReimportingChangesNothing() throws {
        let path = try directory.write("dup.csv", "id,title,created_at\n1,a,2026-11-20\n1,b,2026-11-20\n2,c,2026-11-20\n")
        let first = try run([path])
        #expect(first.inserted == 2 && first.rejected == 1)
        #expect(try ticket("1")?.title == "a")
        // Once in the store (not a first load any more), the repeat is still rejected, and nothing changes.
        for _ in 0..<2 {
            let again = try run([path])
            #expect(again.unchanged == 2 && again.updated == 0 && again.rejected == 1)
        }
        #expect(try ticket("1")?.revision == 0)
    }

    @Test func maxRejectsExceededKeepsNothingOfTheFile() throws {
        var text = "id,title,created_at\n"
        for i in 0..<50 { text += "\(i),t,2026-11-20\n" }
        text += "x,t,never\ny,t,never\n"
        let path = try directory.write("many.csv", text)
        #expect(throws: ImportError.tooManyRejects(file: path, limit: 1)) {
            try run([path]) {
                $0.maxRejects = 1
                $0.batchSize = 10
            }
        }
        #expect(try count() == 0)
        #expect(!FileManager.default.fileExists(atPath: directory.path("rejects/many.rejects.csv")))
        let ok = try run([path]) { $0.maxRejects = 2 }
        #expect(ok.inserted == 50 && ok.rejected == 2)
    }

    @Test func unknownColumnsAreKeptAsAttributesNotDropped() throws {
        let path = try directory.write("extra.csv", "id,title,created_at,colour,size\n1,a,2026-11-20,red,L\n2,b,2026-11-20,blue,\n")
        let summary = try run([path])
        #expect(summary.files[0].unknownColumns == ["colour", "size"])
        #expect(logs.entries.filter { $0.level == .warning }.isEmpty)
        #expect(logs.entries.contains { $0.metadata["columns"] == "colour, size" })
        #expect(try ticket("1")?.attributes == #"{"colour":"red","size":"L"}"#)
        #expect(try ticket("2")?.attributes == #"{"colour":"blue"}"#)
    }

    /// A spreadsheet of thousands of columns made one log line of all their names (40 KB for 5,000).
    @Test func theLogNamesTheFirstKeptColumnsAndCountsTheRest() throws {
        let names = [String(repeating: "x", count: 500)] + (0..<300).map { "field \($0)" }
        let header = "id,title,created_at," + names.joined(separator: ",")
        let path = try directory.write("wide.csv", header + "\n1,a,2026-11-20" + String(repeating: ",v", count: names.count) + "\n")
        let summary = try run([path])
        #expect(summary.files[0].unknownColumns.count == 301)
        let logged = try #require(logs.entries.compactMap { $0.metadata["columns"] }.first)
        #expect(logged == ([String(repeating: "x", count: 80)] + (0..<19).map { "field \($0)" }).joined(separator: ", ") + " and 281 more")
        // Only the log line is cut: the column is kept under its whole name.
        #expect(try #require(try ticket("1")?.attributes).contains(names[0]))
    }

    /// A spreadsheet's empty date read as year 1, a year typed wrong, a ticket resolved before it was created: stored
    /// as they are, and said once per file (count and first), for the tickets stored, not those read unchanged.
    @Test func datesNoHelpDeskWroteAreStoredAndSaidOnce() throws {
        let rows = """
            id,title,created_at,resolved_at
            D-1,a,0001-01-01T00:00:00Z,
            D-2,b,2026-06-01T10:00:00Z,
            D-3,c,2026-06-01T10:00:00Z,2026-05-31T10:00:00Z
            D-4,d,2106-06-01T10:00:00Z,

            """
        let summary = try run([try directory.write("doubtful.csv", rows)])
        #expect(summary.inserted == 4 && summary.rejected == 0)
        var expected = DoubtfulDates()
        (expected.count, expected.firstLine, expected.first) = (3, 2, "created 0001-01-01T00:00:00Z, before 1990")
        #expect(summary.files[0].doubtfulDates == expected)
        let warning = try #require(logs.entries.first { $0.level == .warning })
        #expect(warning.metadata["tickets"] == "3" && warning.metadata["first"] == "line 2: created 0001-01-01T00:00:00Z, before 1990")
        #expect(DoubtfulDates.doubt(try #require(try ticket("D-3")).ticket, importedAt: 1_764_000_000)
            == "resolved 2026-05-31T10:00:00Z, before it was created (2026-06-01T10:00:00Z)")
        #expect(DoubtfulDates.doubt(try #require(try ticket("D-4")).ticket, importedAt: 1_764_000_000)?.contains("more than a year from now") == true)
        // The same tickets in tomorrow's export, unchanged, and one more: nothing new to say.
        let again = try run([try directory.write("doubtful-2.csv", rows + "D-5,e,2026-06-02T10:00:00Z,\n")])
        #expect(again.unchanged == 4 && again.inserted == 1 && again.files[0].doubtfulDates == nil)
    }

    /// A legacy export writing every date its own way: each row is rejected, and the log (all that cron keeps) says
    /// once which setting reads them, as stdout does.
    @Test func datesInNoFormatReadAreSaidOnceInTheLog() throws {
        let rows = """
            id,title,created_at
            U-1,a,11/01/2026 10:00
            U-2,b,11/02/2026 11:00
            U-3,c,n/a

            """
        let summary = try run([try directory.write("unread.csv", rows)])
        #expect(summary.inserted == 0 && summary.rejected == 3)
        let warnings = logs.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.message.contains("date_formats:"))
        #expect(warning.metadata["rows"] == "2" && warning.metadata["first"] == "line 2: created_at '11/01/2026 10:00'")
        #expect(warning.metadata["file"]?.hasSuffix("unread.csv") == true)
    }

    /// A date in ISO form that names no day is rejected saying why, and is not among the dates in no format read:
    /// the hint about `date_formats:` would send its reader looking for a format.
    @Test func anImpossibleDateIsRejectedSayingWhyAndNoFormatIsSuggested() throws {
        let rows = """
            id,title,created_at
            I-1,a,2026-02-30T10:00:00Z
            I-2,b,2026-02-28T10:00:00Z

            """
        let rejects = directory.path("impossible.rejects.csv")
        let summary = try run([try directory.write("impossible.csv", rows)]) { $0.rejectsPath = rejects }
        #expect(summary.inserted == 1 && summary.rejected == 1)
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(written.contains("field 'created_at': '2026-02-30T10:00:00Z' is no date of the calendar: 2026-02 has 28 days"))
        #expect(!logs.entries.contains { $0.level == .warning && $0.message.contains("date_formats:") })
    }

    @Test func timestampsWithoutOffsetUseTheTimeZoneOption() throws {
        let path = try directory.write("tz.csv", "id,title,created_at\n1,a,2026-07-01 12:00:00\n")
        _ = try run([path]) { $0.timeZone = TimeZone(identifier: "America/New_York")! }
        #expect(try ticket("1")?.createdAt == 1_782_921_600)  // 16:00 UTC
    }

    @Test func skipsAFileAlreadyImportedUnchangedWhenAsked() throws {
        let path = try directory.write("a.csv", "id,title,created_at\n1,a,2026-11-20\n")
        _ = try run([path]) { $0.skipUnchangedFiles = true }
        let again = try run([path]) { $0.skipUnchangedFiles = true }
        #expect(again.files[0].skipped)
        #expect(again.read == 0)
    }

    /// An unchanged file is skipped only when it would be read the same way: a job whose mapping was fixed, or
    /// a database whose taxonomy now has the labels rows were rejected for, used to skip it for good.
    @Test func anUnchangedFileIsImportedAgainUnderOtherSettings() throws {
        let path = try directory.write("z.csv", "id,subject,description,category,created_at\nZ-1,Refund,Charged twice,returns,2026-11-02\nZ-2,Hi,There,,2026-11-02\n")
        let first = try run([path]) {
            $0.skipUnchangedFiles = true
            $0.mapping = .ticketjobs
            $0.rejectsPath = directory.path("rejects-1")
        }
        #expect(first.inserted == 1 && first.rejected == 1, "\(first)")
        #expect(try ticket("Z-2")?.title == "")
        let fixed = try run([path]) {
            $0.skipUnchangedFiles = true
            $0.mapping = .zendesk
            $0.rejectsPath = directory.path("rejects-2")
        }
        #expect(!fixed.files[0].skipped && fixed.updated == 1, "\(fixed)")
        #expect(try ticket("Z-2")?.title == "Hi")
        let same = try run([path]) { $0.skipUnchangedFiles = true; $0.mapping = .zendesk }
        #expect(same.files[0].skipped)
        // The label the first rows were rejected for joins the taxonomy: the file is read again, and they go in.
        var taxonomy = try store.taxonomy()
        taxonomy.categories.append(TaxonomyLabel(name: "returns", definition: "items sent back"))
        _ = try store.replaceTaxonomy(taxonomy)
        let relabeled = try run([path]) { $0.skipUnchangedFiles = true; $0.mapping = .zendesk }
        #expect(!relabeled.files[0].skipped && relabeled.inserted == 1, "\(relabeled)")
        #expect(try ticket("Z-1")?.category?.rawValue == "returns")
    }

    /// Releases before this one dropped what a preset's dotted paths left of the objects they read into: a JSON
    /// file one of them imported (its settings' fingerprint then, from that release's code) is read once more,
    /// and its tickets get those values; a CSV file, read as before, is still skipped.
    @Test func aJSONFileAnEarlierReleaseImportedIsReadAgainToKeepItsObjects() throws {
        let json = try directory.write(
            "z.json", #"{"id": 1, "subject": "Printer", "created_at": "2026-11-20T10:00:00Z", "via": {"channel": "web", "source": {"rel": "follow_up"}}}"#)
        let csv = try directory.write("z.csv", "Id,Subject,Created at\n2,Refund,2026-11-20\n")
        _ = try run([json, csv]) { $0.skipUnchangedFiles = true; $0.mapping = .zendesk }
        #expect(try ticket("1")?.attributes == #"{"via":{"source":{"rel":"follow_up"}}}"#)
        try store.writer.write { db in
            // As that release stored it: no attributes, and the hash of the content without them.
            try db.execute(sql: "UPDATE tickets SET attributes = NULL, content_hash = 0 WHERE external_id = '1'")
            try db.execute(sql: "UPDATE import_files SET settings = 'v1-ac2f247a6c878d24' WHERE path LIKE '%.json'")
            try db.execute(sql: "UPDATE import_files SET settings = 'v1-84342d6e2d75e2ea' WHERE path LIKE '%.csv'")
        }
        let again = try run([json, csv]) { $0.skipUnchangedFiles = true; $0.mapping = .zendesk }
        #expect(!again.files[0].skipped && again.files[1].skipped, "\(again)")
        #expect(again.updated == 1)
        #expect(try ticket("1")?.attributes == #"{"via":{"source":{"rel":"follow_up"}}}"#)
    }

    @Test func provenanceIsRecorded() throws {
        let path = Fixtures.path("tickets.csv")
        _ = try run([path])
        let row = try #require(try store.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT source_file, source_line, imported_at FROM tickets WHERE source_line = 2")
        })
        #expect(row["source_file"] as String == path)
        #expect(row["imported_at"] as Int64 == 1_764_000_000)
    }

    // MARK: Mappings

    @Test(arguments: ["zendesk", "freshdesk", "jira"])
    func presetImportsItsHelpDeskExport(preset: String) throws {
        let summary = try run([Fixtures.path("presets/\(preset).csv")]) {
            $0.mapping = ColumnMapping.preset(named: preset)!
        }
        #expect(summary.inserted == 40)
        #expect(summary.rejected == 0)
        let unlabeled = try store.writer.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets WHERE priority IS NULL")!
        }
        #expect(unlabeled == 0)
    }

    @Test func jiraPresetMapsValuesAndDates() throws {
        _ = try run([Fixtures.path("presets/jira.csv")]) { $0.mapping = .jira }
        let record = try #require(try ticket("HELP-100"))
        #expect(record.status == .closed)
        #expect(record.priority == .high)
        #expect(UTCTimestamp.format(epochSeconds: record.createdAt) == "2026-10-31T20:06:00Z")
    }

    @Test func mappingFileMapsColumnsAndValues() throws {
        let mappingPath = try directory.write(
            "mapping.yml",
            """
            version: 1
            columns:
              id: Ticket
              title: Subject
              description: [Body, Text]
              category: Queue
              priority: Urgency
              created_at: Opened
            values:
              category:
                "Billing and Payments": billing
                Spam: null
              priority:
                Urgent: critical
            date_formats: ["dd.MM.yyyy HH:mm"]
            """)
        let data = try directory.write(
            "export.csv",
            "Ticket,Subject,Text,Queue,Urgency,Opened\n"
                + "1,Invoice,wrong amount,  billing and payments ,URGENT,24.11.2026 09:30\n"
                + "2,Buy now,spam text,Spam,low,24.11.2026 09:31\n"
                + "3,Hmm,x,Returns,low,24.11.2026 09:32\n")
        let summary = try run([data]) { $0.mapping = try! ColumnMapping.resolve(mappingPath) }
        #expect(summary.inserted == 2 && summary.rejected == 1)
        #expect(try ticket("1")?.category == .billing)
        #expect(try ticket("1")?.priority == .critical)
        #expect(try ticket("2")?.category == nil)
        #expect(UTCTimestamp.format(epochSeconds: try ticket("1")!.createdAt) == "2026-11-24T09:30:00Z")
    }

    /// Labels are the database's taxonomy: a team's own names (hyphens included) import as written, in any
    /// case and with spaces for underscores; the seed's are rejected naming the allowed labels.
    @Test func labelsAreCheckedAgainstTheDatabasesTaxonomy() throws {
        let team = Taxonomy(
            categories: [TaxonomyLabel(name: "returns-2", definition: "r"), TaxonomyLabel(name: "in_store", definition: "s")],
            priorities: [TaxonomyLabel(name: "p3", definition: "l"), TaxonomyLabel(name: "p1", definition: "h")])
        _ = try store.replaceTaxonomy(team)
        let path = try directory.write("team.csv", """
            id,title,category,priority,created_at
            1,a,Returns-2,P1,2026-11-10T09:00:00Z
            2,b,In Store,p3,2026-11-10T09:00:00Z
            3,c,billing,p3,2026-11-10T09:00:00Z
            4,d,in_store,critical,2026-11-10T09:00:00Z

            """)
        let summary = try run([path]) { $0.rejectsPath = directory.path("team.rejects.csv") }
        #expect(summary.inserted == 2 && summary.rejected == 2)
        #expect(try ticket("1")?.category?.rawValue == "returns-2" && ticket("1")?.priority?.rawValue == "p1")
        #expect(try ticket("2")?.category?.rawValue == "in_store")
        let rejects = try String(contentsOfFile: directory.path("team.rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("field 'category': unknown value 'billing'; allowed: returns-2, in_store"))
        #expect(rejects.contains("field 'priority': unknown value 'critical'; allowed: p3, p1"))
    }

    @Test func mappingFileErrorsNameFileLineAndKey() throws {
        let path = try directory.write("bad.yml", "version: 1\ncolumns:\n  id: x\n  colour: y\n")
        #expect {
            try ColumnMapping.load(path: path)
        } throws: { error in
            let config = error as? ConfigError
            return config?.line == 4 && config?.key == "columns.colour" && config?.file == path
        }
        // A value mapped onto something that cannot be a label name is the file's error; onto a name the
        // database's taxonomy lacks, the rows' (the taxonomy is the database's, not the file's).
        let badValue = try directory.write("bad2.yml", "version: 1\ncolumns: {id: x}\nvalues:\n  category: {Money: Cash Box}\n")
        #expect(throws: ConfigError.self) { try ColumnMapping.load(path: badValue) }
        let badVersion = try directory.write("bad3.yml", "version: 7\ncolumns: {id: x}\n")
        #expect(throws: ConfigError.self) { try ColumnMapping.load(path: badVersion) }
        let badDelimiter = try directory.write("bad4.yml", "version: 1\ncolumns: {id: x}\ndelimiter: colon\n")
        #expect {
            try ColumnMapping.load(path: badDelimiter)
        } throws: { error in
            let config = error as? ConfigError
            return config?.line == 3 && config?.key == "delimiter" && config?.reason == "expected auto, ',', ';', tab or '|'"
        }
    }

    @Test(.enabled(if: Fixtures.shared("helpdesk-600.csv") != nil, "../shared/data/helpdesk-600.csv is not beside this clone (its license keeps it out of the repository)"))
    func sharedHelpDeskExportImportsThroughAMappingFile() throws {
        let data = try #require(Fixtures.shared("helpdesk-600.csv"))
        let summary = try run([data]) { $0.mapping = try! ColumnMapping.load(path: Fixtures.path("mappings/helpdesk-600.yml")) }
        #expect(summary.read == 600)
        #expect(summary.inserted == 600)
        #expect(summary.rejected == 0)
        let accounts = try store.writer.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets WHERE category = 'account'")!
        }
        #expect(accounts == 0)
        let high = try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets WHERE priority = 'high'")! }
        #expect(high == 266)
        // Its tag_1 … tag_9 columns are the tickets' tags, one a cell ("Problem Resolution" is one tag, on 485).
        let tags = try store.writer.read { db in try String?.fetchAll(db, sql: "SELECT tags FROM tickets") }
        #expect(tags.filter { TicketRecord.decodeTags($0).contains("Problem Resolution") }.count == 485)
        #expect(tags.allSatisfy { !TicketRecord.decodeTags($0).isEmpty })
    }

    /// An export with a column per tag (`tag_1` … `tag_9`, as the shared help-desk export has): the tags gather
    /// every column the mapping lists, one tag a cell (spaces and all); none of them is left as an attribute. A JSON
    /// object gathers from the listed keys it holds (null ones too), when it holds several.
    @Test func tagsGatherEveryColumnTheMappingListsForThem() throws {
        let mapping = try directory.write(
            "tags.yml",
            """
            version: 1
            extends: zendesk
            columns:
              tags: [tag_1, tag_2, tag_3, missing_column]

            """)
        let csv = try directory.write(
            "tags.csv",
            """
            Id,Subject,Description,Created at,tag_1,tag_2,tag_3,region
            1,VPN drops,It drops,2026-11-20 09:00:00,Network Issue,,Urgent Issue,emea
            2,No tags,Nothing,2026-11-20 09:00:00,,,,apac
            5,One tag,Alone,2026-11-20 09:00:00,,Network Issue,,

            """)
        let jsonl = try directory.write(
            "tags.jsonl",
            """
            {"Id": 3, "Subject": "Refund", "Description": "Twice", "Created at": "2026-11-20 09:00:00", "tag_1": "Billing Issue", "tag_3": ["Refund Request", "Urgent Issue"]}
            {"Id": 4, "Subject": "Refund", "Description": "Once", "Created at": "2026-11-20 09:00:00", "tag_1": null, "tag_2": "Billing Issue"}

            """)
        let summary = try run([csv, jsonl]) { $0.mapping = try! ColumnMapping.load(path: mapping) }
        #expect(summary.inserted == 5 && summary.rejected == 0, "\(summary)")
        let rows = try store.writer.read { db in
            try TicketRecord.fetchAll(db, sql: "SELECT * FROM tickets ORDER BY external_id")
        }
        #expect(
            rows.map { TicketRecord.decodeTags($0.tags) } == [
                ["Network Issue", "Urgent Issue"], [], ["Billing Issue", "Refund Request", "Urgent Issue"], ["Billing Issue"],
                ["Network Issue"],
            ])
        #expect(rows.map(\.attributes) == [#"{"region":"emea"}"#, #"{"region":"apac"}"#, nil, nil, nil])
    }

    /// A page of each help desk's API, saved as it came, reads through that help desk's preset: Freshdesk's numbered
    /// status, priority and source, HubSpot's `properties`, Jira's `fields` (its API v3 description as a
    /// document), ServiceNow's references as objects. What the preset does not read stays among the attributes: the objects it
    /// reads into less the values it took (and their nulls, as at the top level).
    @Test(arguments: [
        (
            "freshdesk",
            #"[{"id": 20, "subject": "Refund", "description": "<div>Charged twice</div>", "description_text": "Charged twice", "status": 4, "priority": 4, "source": 7, "type": "Refund", "created_at": "2026-11-20T09:05:00Z", "tags": ["billing"], "responder_id": 4300, "group_id": 77, "stats": {"resolved_at": "2026-11-21T09:05:00Z", "first_responded_at": "2026-11-20T10:05:00Z", "closed_at": null}}]"#,
            "20", "Refund|Charged twice|billing|critical|resolved|4300|77|chat",
            #"{"description":"<div>Charged twice</div>"}"#
        ),
        (
            "hubspot",
            #"{"results": [{"id": "512", "properties": {"subject": "VPN down", "content": "Cannot connect", "createdate": "2026-11-20T09:05:00.883Z", "hs_pipeline_stage": "4", "hs_ticket_category": "PRODUCT_ISSUE", "hs_ticket_priority": "HIGH", "closed_date": "2026-11-21T09:05:00Z", "hubspot_owner_id": "911", "source_type": "EMAIL", "hs_pipeline": "0"}, "archived": false}], "paging": {"next": {"after": "513"}}}"#,
            "512", "VPN down|Cannot connect|technical|high|closed|911|-|email", #"{"archived":false,"properties":{"hs_pipeline":"0"}}"#
        ),
        (
            "jira",
            #"{"total": 1, "issues": [{"id": "10002", "key": "JSM-7", "fields": {"summary": "Printer jam", "description": {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Paper stuck"}, {"type": "hardBreak"}, {"type": "text", "text": "again"}]}]}, "priority": {"name": "Highest"}, "status": {"name": "Done"}, "created": "2026-11-20T10:05:00.000+0100", "resolutiondate": "2026-11-21T10:05:00.000+0100", "assignee": {"displayName": "Ana", "accountId": "5b10"}, "labels": ["printer"]}}]}"#,
            "JSM-7", "Printer jam|Paper stuck\nagain|-|critical|resolved|Ana|-|-", #"{"fields":{"assignee":{"accountId":"5b10"}},"id":"10002"}"#
        ),
        (
            "servicenow",
            #"{"result": [{"number": "INC0010001", "short_description": "Email down", "description": "Outlook fails", "category": "software", "priority": "2", "state": "6", "opened_at": "2026-11-20 09:05:00", "resolved_at": "2026-11-21 09:05:00", "assigned_to": {"link": "https://example.service-now.com/u/46d4", "value": "46d4"}, "assignment_group": {"display_value": "Service Desk", "link": "https://example.service-now.com/g/1"}, "contact_type": "email", "sys_id": "9d38"}]}"#,
            "INC0010001", "Email down|Outlook fails|technical|high|resolved|46d4|Service Desk|email",
            #"{"assigned_to":{"link":"https://example.service-now.com/u/46d4"},"assignment_group":{"link":"https://example.service-now.com/g/1"},"sys_id":"9d38"}"#
        ),
    ])
    func aHelpDesksAPIPageReadsThroughItsPreset(preset: String, page: String, id: String, fields: String, attributes: String?) throws {
        let path = try directory.write("\(preset).json", page)
        let summary = try run([path]) { $0.mapping = ColumnMapping.preset(named: preset)! }
        #expect(summary.inserted == 1 && summary.rejected == 0, "\(summary)")
        let ticket = try #require(try ticket(id))
        let read = [
            ticket.title, ticket.description, ticket.category?.rawValue ?? "-", ticket.priority?.rawValue ?? "-",
            ticket.status.rawValue, ticket.assignee ?? "-", ticket.group ?? "-", ticket.channel ?? "-",
        ]
        #expect(read.joined(separator: "|") == fields)
        #expect(ticket.createdAt == 1_795_165_500 && ticket.resolvedAt == 1_795_251_900)
        #expect(ticket.attributes == attributes)
    }

    /// ServiceNow's Table API with `sysparm_display_value=all` gives every field as `{display_value, value}`:
    /// the preset reads text and names as displayed, choices by value (their labels are translated), times as
    /// stored (UTC, where the displayed one is in the user's zone), and keeps the other half where it differs. Every row
    /// was rejected ("an object").
    @Test func aServiceNowPageWithDisplayValuesAllReadsThroughItsPreset() throws {
        func both(_ display: String, _ value: String) -> String { #"{"display_value": "\#(display)", "value": "\#(value)"}"# }
        let page = """
            {"result": [{"number": \(both("INC0010001", "INC0010001")), "short_description": \(both("Email down", "Email down")), \
            "description": \(both("Outlook fails", "Outlook fails")), "category": \(both("Software", "software")), \
            "priority": \(both("2 - High", "2")), "state": \(both("Resolved", "6")), \
            "opened_at": \(both("2026-11-20 10:05:00", "2026-11-20 09:05:00")), "resolved_at": \(both("2026-11-21 10:05:00", "2026-11-21 09:05:00")), \
            "assigned_to": {"display_value": "Beth Anglin", "link": "https://example.service-now.com/u/46d4", "value": "46d4"}, \
            "contact_type": \(both("Email", "email")), "sys_id": \(both("9d38", "9d38"))}]}
            """
        let path = try directory.write("servicenow.json", page)
        let summary = try run([path]) { $0.mapping = .servicenow }
        #expect(summary.inserted == 1 && summary.rejected == 0, "\(summary)")
        let ticket = try #require(try ticket("INC0010001"))
        #expect(ticket.title == "Email down" && ticket.description == "Outlook fails")
        #expect(ticket.category == .technical && ticket.priority == .high && ticket.status == .resolved)
        #expect(ticket.createdAt == 1_795_165_500 && ticket.resolvedAt == 1_795_251_900)
        #expect(ticket.assignee == "Beth Anglin" && ticket.channel == "email")
        let attributes = try #require(ticket.attributes)
        #expect(attributes.contains(#""assigned_to":{"link":"https://example.service-now.com/u/46d4","value":"46d4"}"#), "\(attributes)")
        #expect(attributes.contains(#""opened_at":{"display_value":"2026-11-20 10:05:00"}"#), "\(attributes)")
        #expect(attributes.contains(#""priority":{"display_value":"2 - High"}"#) && attributes.contains(#""sys_id":{"display_value":"9d38","value":"9d38"}"#))
        // The same text displayed as stored is not kept twice: a long description would be.
        #expect(!attributes.contains("number") && !attributes.contains("Outlook fails"), "\(attributes)")
    }

    /// A help desk API's answer saved as `.json`: a page object (`{"tickets": [...]}`) or a bare array,
    /// pretty-printed. Each element is a row named by the line it starts on; the rejects are JSON Lines that
    /// import again once fixed.
    @Test func aJSONDocumentsListOfTicketsIsImportedElementByElement() throws {
        let page = try directory.write(
            "page.json",
            """
            {
              "users": [{"id": 1, "name": "an agent, not a ticket"}],
              "tickets": [
                {
                  "id": 35436,
                  "subject": "Printer on fire",
                  "description": "a ] and a \\" and {braces}",
                  "status": "open",
                  "created_at": "2026-11-20T10:00:00Z",
                  "tags": ["printer", "fire"],
                  "via": {"channel": "email"}
                },
                {"id": 35437, "subject": "Second", "status": "solved", "created_at": "2026-11-21T10:00:00Z"},
                {"id": 35438, "subject": "Third", "created_at": "not a date"},
                "not a ticket"
              ],
              "next_page": null
            }

            """)
        let summary = try run([page]) { $0.mapping = .zendesk }
        #expect(summary.read == 4 && summary.inserted == 2 && summary.rejected == 2)
        let first = try #require(try ticket("35436"))
        #expect(first.description == #"a ] and a " and {braces}"# && first.channel == "email" && first.tags == #"["printer","fire"]"#)
        #expect(try ticket("35437")?.status == .resolved)
        #expect(try ticket("1") == nil)
        let rejects = try String(contentsOfFile: try #require(summary.files.first?.rejectsPath), encoding: .utf8)
        let lines = rejects.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains(#""reject_line":14"#) && lines[1].contains(#""reject_line":15"#), "\(rejects)")
        // Fixed, the rejects import as JSON Lines.
        let fixed = try directory.write("fixed.jsonl", String(lines[0]).replacingOccurrences(of: "not a date", with: "2026-11-22") + "\n")
        #expect(try run([fixed]) { $0.mapping = .zendesk }.inserted == 1)

        let array = try directory.write("array.json", "[\n  {\"id\": \"A1\", \"title\": \"a\", \"created_at\": \"2026-11-20\"}\n]\n")
        #expect(try run([array]).inserted == 1)
        // A `.json` file of JSON Lines (Zendesk's full export is), or of one ticket, is read line by line.
        let ndjson = try directory.write(
            "export.json",
            #"{"id": "B1", "title": "b", "created_at": "2026-11-20", "tags": ["x"]}"# + "\n"
                + #"{"id": "B2", "title": "c", "created_at": "2026-11-21"}"# + "\n")
        #expect(try run([ndjson]).inserted == 2)
        let one = try directory.write("one.json", #"{"id": "B3", "title": "d", "created_at": "2026-11-20"}"#)
        #expect(try run([one]).inserted == 1)
    }

    /// An API's pages saved one after another into one file, and arrays one per line: every ticket of every
    /// one. Before, the tickets after the first document were dropped without a word ("read 2", exit 0).
    @Test func everyDocumentOfAFileOfSeveralIsImported() throws {
        let pages = try directory.write(
            "pages.json",
            """
            {"tickets": [{"id": 1, "subject": "a", "created_at": "2026-11-20T10:00:00Z"},
                         {"id": 2, "subject": "b", "created_at": "2026-11-20T11:00:00Z"}], "next_page": "?page=2"}
            {"tickets": [{"id": 3, "subject": "c", "created_at": "2026-11-21T10:00:00Z"},
                         {"id": 4, "subject": "d", "created_at": "not a date"}], "next_page": null}

            """)
        let summary = try run([pages]) { $0.mapping = .zendesk }
        #expect(summary.read == 4 && summary.inserted == 3 && summary.rejected == 1)
        let rejects = try String(contentsOfFile: try #require(summary.files.first?.rejectsPath), encoding: .utf8)
        #expect(rejects.contains(#""reject_line":4"#), "\(rejects)")
        let arrays = try directory.write(
            "arrays.jsonl",
            #"[{"id": "A1", "title": "a", "created_at": "2026-11-20"}]"# + "\n"
                + #"[{"id": "A2", "title": "b", "created_at": "2026-11-20"}, {"id": "A3", "title": "c", "created_at": "2026-11-20"}]"# + "\n"
                + "]\n")
        // Text that starts no document is a rejected row with its line, not skipped unseen.
        let read = try run([arrays])
        #expect(read.inserted == 3 && read.rejected == 1)
        let stray = try String(contentsOfFile: try #require(read.files.first?.rejectsPath), encoding: .utf8)
        #expect(stray.contains(#""reject_line":3"#), "\(stray)")
    }

    /// Elements across the reader's 1 MB chunks, one over the size limit (dropped as it streams, the rest read
    /// on), and a document cut off inside its last element.
    @Test func aLargeJSONArrayIsReadAcrossChunksWithinTheLimit() throws {
        var text = "[\n"
        for i in 0..<6000 {
            text += "  {\n    \"id\": \"L\(i)\",\n    \"title\": \"ticket \(i)\",\n    \"description\": \"\(String(repeating: "x", count: 200))\",\n    \"created_at\": \"2026-11-20\"\n  },\n"
        }
        text += "  {\"id\": \"big\", \"title\": \"\(String(repeating: "y", count: 5000))\", \"created_at\": \"2026-11-20\"},\n"
        text += "  {\"id\": \"last\", \"title\": \"cut"
        let path = try directory.write("large.json", text)
        let summary = try run([path]) { $0.maxFieldBytes = 4096 }
        #expect(summary.inserted == 6000 && summary.rejected == 2, "\(summary)")
        #expect(try ticket("L5999")?.title == "ticket 5999")
        let rejects = try String(contentsOfFile: try #require(summary.files.first?.rejectsPath), encoding: .utf8)
        #expect(rejects.contains(#""reject_line":36002"#) && rejects.contains("longer than 4096 bytes"), "\(rejects.prefix(600))")
        #expect(rejects.contains(#""reject_line":36003"#) && rejects.contains("not valid JSON"), "\(rejects.prefix(600))")
        // Cut off inside an element already over the limit: one rejected row, and the file ends.
        let cut = try directory.write("cut.json", #"[{"id": "c1", "title": "ok", "created_at": "2026-11-20"}, {"id": "c2", "title": ""# + String(repeating: "z", count: 6000))
        let cutSummary = try run([cut]) { $0.maxFieldBytes = 4096 }
        #expect(cutSummary.read == 2 && cutSummary.inserted == 1 && cutSummary.rejected == 1, "\(cutSummary)")
    }

    /// Jira's API issues saved as JSON Lines and read without the jira preset would have every row rejected for
    /// lacking an id, a text and a creation time: said once, before the store is touched, naming the preset, as a
    /// CSV header says it. A first object no preset fits is only the first row: judged alone, the rest imported.
    @Test func aJSONExportReadWithoutItsPresetStopsAtItsFirstObject() throws {
        let line = #"{"key": "JSM-7", "id": "10007", "fields": {"summary": "VPN drops", "created": "2026-11-20T09:05:00.000+0000", "priority": {"name": "High"}}}"#
        let path = try directory.write("jira.jsonl", line + "\n" + line.replacingOccurrences(of: "JSM-7", with: "JSM-8") + "\n")
        let expected = ImportError.columnsEveryRowNeeds(
            file: path, fields: ["title or description", "created_at"], mapping: "ticketjobs",
            header: ["fields", "id", "key"], preset: "jira", source: "its first object")
        #expect(throws: expected) { try Importer.checkHeaders(paths: [path], options: ImportOptions()) }
        #expect(throws: expected) { try run([path]) }
        #expect("\(expected)".contains("its first object has: fields, id, key") && "\(expected)".contains("--mapping jira"))
        #expect(try count() == 0)
        var options = ImportOptions()
        options.mapping = .jira
        #expect(try importer.run(paths: [path], options: options).inserted == 2)

        let broken = try directory.write(
            "first-broken.jsonl",
            #"{"title": "no id", "created_at": "2026-11-20"}"# + "\n" + #"{"id": "ok-1", "title": "fine", "created_at": "2026-11-20"}"# + "\n")
        try Importer.checkHeaders(paths: [broken], options: ImportOptions())
        let summary = try run([broken]) { $0.rejectsPath = directory.path("rejects-broken") }
        #expect(summary.inserted == 1 && summary.rejected == 1, "\(summary)")

        // Lines before the first object (not JSON, not an object): the check reads past them, before the store is
        // opened, and names the object's line. It stopped mid-import, saying line 1.
        let afterJunk = try directory.write("after-junk.jsonl", "garbage\n[1, 2]\n" + line + "\n")
        let atLine3 = ImportError.columnsEveryRowNeeds(
            file: afterJunk, fields: ["title or description", "created_at"], mapping: "ticketjobs",
            header: ["fields", "id", "key"], preset: "jira", source: "its first object", line: 3)
        #expect(throws: atLine3) { try Importer.checkHeaders(paths: [afterJunk], options: ImportOptions()) }
        #expect("\(atLine3)".hasPrefix("\(afterJunk):3: no column"))
    }

    /// Zendesk's JSON export read without `--mapping`: under our names its ids, descriptions and dates import, its
    /// `subject` does not (every title was left empty, the subject kept as an attribute). The first object stops
    /// the file, naming the preset that reads it; a Freshdesk page, which has a `subject` too, names Freshdesk's.
    /// A mapping given, even our own, is what the user asked for.
    @Test func anExportWhoseTitlesOurNamesMissStopsAndNamesItsPreset() throws {
        let zendesk = try directory.write(
            "zendesk.jsonl",
            #"{"id": 101, "subject": "Refund", "description": "Charged twice", "status": "open", "priority": "high", "created_at": "2026-11-02T10:00:00Z", "via": {"channel": "email"}, "tags": ["billing"]}"# + "\n")
        let expected = ImportError.presetFits(
            file: zendesk, preset: "zendesk", mapping: "ticketjobs",
            taken: ["subject as title", "via.channel as channel"], source: "its first object")
        #expect(throws: expected) { try Importer.checkHeaders(paths: [zendesk], options: ImportOptions()) }
        #expect(throws: expected) { try run([zendesk]) }
        #expect("\(expected)".contains("--mapping zendesk, or --mapping ticketjobs"), "\(expected)")
        #expect(try count() == 0)

        let freshdesk = try directory.write(
            "freshdesk.json",
            #"[{"id": 7, "subject": "VPN", "description": "<div>drops</div>", "description_text": "drops", "status": 2, "priority": 3, "source": 1, "type": "Incident", "created_at": "2026-11-02T10:00:00Z"}]"#)
        #expect {
            try run([freshdesk])
        } throws: { error in
            guard case ImportError.presetFits(_, "freshdesk", _, let taken, _, _) = error else { return false }
            return taken.contains("subject as title") && taken.contains("source as channel")
        }
        let csv = try directory.write("subject.csv", "id,subject,description,created_at\n1,Refund,charged twice,2026-11-01\n")
        #expect(throws: ImportError.presetFits(file: csv, preset: "zendesk", mapping: "ticketjobs", taken: ["subject as title"])) {
            try run([csv])
        }
        #expect(try count() == 0)

        let chosen = try run([zendesk, csv]) { $0.mapping = .ticketjobs }
        #expect(chosen.inserted == 2, "\(chosen)")
        #expect(try ticket("101")?.title == "")
        #expect(try run([zendesk]) { $0.mapping = .zendesk }.updated == 1)
        #expect(try ticket("101")?.title == "Refund")
        // Our own names find the title: nothing to say.
        let ours = try directory.write("ours.jsonl", #"{"id": "o-1", "title": "Hi", "subject": "x", "created_at": "2026-11-02"}"# + "\n")
        #expect(try run([ours]).inserted == 1)
    }

    /// A disk that fills during an import (SQLite's page limit stands in for it) stops it with an error naming the
    /// database, not SQLite's "database or disk is full"; the rows of the batches before stay, and a run once there
    /// is room completes the file.
    @Test func aFullDiskStopsTheImportNamingTheDatabase() throws {
        let first = try run([Fixtures.path("tickets.csv")]) { $0.rejectsPath = directory.path("rejects-first") }
        let before = try count()
        var csv = "id,title,description,category,priority,status,created_at,resolved_at\n"
        for row in 0..<4000 {
            csv += "full-\(row),Printer \(row),\(String(repeating: "toner streaks on every page ", count: 20)),,,open,2026-11-20T09:00:00Z,\n"
        }
        let path = try directory.write("more.csv", csv)
        try store.writer.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 40)")
        }
        #expect(throws: StoreError.diskFull(path: directory.path("tickets.sqlite"))) { try run([path]) }
        #expect("\(StoreError.diskFull(path: "t.sqlite"))".hasPrefix("no space left for database t.sqlite"))
        let kept = try count()
        #expect(kept >= before && kept < before + 4000)

        try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
        let again = try run([path])
        #expect(again.inserted == before + 4000 - kept, "\(again)")
        #expect(try count() == before + 4000)
        #expect(first.inserted == before)
    }
}

/// Input built to exhaust memory or to be read two ways: bounded, and refused with a reason.
@Suite struct HostileImportTests {
    let directory: TemporaryDirectory
    let store: TicketStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try TicketStore(path: directory.path("tickets.sqlite"))
    }

    func run(_ path: String, maxFieldBytes: Int) throws -> ImportSummary {
        var options = ImportOptions()
        options.maxFieldBytes = maxFieldBytes
        options.rejectsPath = directory.path("rejects-\(UUID().uuidString)")
        return try Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger()).run(paths: [path], options: options)
    }

    func rejects(_ summary: ImportSummary) throws -> String {
        try String(contentsOfFile: try #require(summary.files.first?.rejectsPath), encoding: .utf8)
    }

    @Test func aCSVFieldOverTheLimitRejectsItsRecordAndTheLinesAfterItStayRight() throws {
        let big = String(repeating: "x", count: 5000) + "\n" + String(repeating: "y", count: 5000)
        let path = try directory.write(
            "big.csv", "id,title,description,created_at\n1,ok,fine,2026-11-20\n2,big,\"\(big)\",2026-11-20\n3,ok,fine,2026-11-20\n4,\"a\nb\",x,bad\n")
        // Read in small chunks too, so that the field is dropped while libcsv still holds it.
        let summary = try run(path, maxFieldBytes: 1000)
        #expect(summary.inserted == 2 && summary.rejected == 2)
        let text = try rejects(summary)
        #expect(text.contains("column 'description': longer than 1000 bytes"))
        #expect(!text.contains("xxxxxxxxxx"))
        // Line numbers after the dropped field still count its line break.
        #expect(text.contains("\"6\",\"field 'created_at': cannot parse date 'bad'\""), "\(text)")
    }

    @Test func aFieldDroppedAcrossReadsIsBoundedToo() throws {
        let source = try ByteSource(path: try directory.write("long.csv", "a,b\n1,\"" + String(repeating: "z", count: 300_000) + "\"\n2,3\n"))
        let reader = try CSVRecordReader(source: source, chunkSize: 4096, maxFieldBytes: 10_000)
        #expect(try reader.next()?.fields == ["a", "b"])
        let long = try #require(try reader.next())
        #expect(long.oversizedField == 1 && long.fields[1].isEmpty)
        #expect(try reader.next()?.fields == ["2", "3"])
        #expect(try reader.next()?.line == nil)
    }

    @Test func anUnterminatedQuoteInALargeFileIsRejectedWithoutHoldingTheRest() throws {
        var text = "id,title,created_at\n1,\"never closed,2026-11-20\n"
        for i in 0..<20_000 { text += "\(i + 2),t,2026-11-20\n" }
        let summary = try run(try directory.write("open.csv", text), maxFieldBytes: 10_000)
        #expect(summary.read == 1 && summary.rejected == 1)
        #expect(try rejects(summary).contains("the file ends inside a quoted field"))
    }

    @Test func aJSONLineOverTheLimitIsRejectedAndReadingGoesOn() throws {
        let long = #"{"id":"2","title":""# + String(repeating: "q", count: 50_000) + #"","created_at":"2026-11-20"}"#
        let path = try directory.write(
            "big.jsonl", #"{"id":"1","title":"a","created_at":"2026-11-20"}"# + "\n" + long + "\n" + #"{"id":"3","title":"c","created_at":"2026-11-20"}"# + "\n")
        let summary = try run(path, maxFieldBytes: 1000)
        #expect(summary.inserted == 2 && summary.rejected == 1)
        let text = try rejects(summary)
        #expect(text.contains("\"reject_line\":2") && text.contains("longer than 1000 bytes"), "\(text)")
    }

    /// A `.json` file of JSON Lines whose first line is over the limit and longer than a read: that line is
    /// rejected and the next imported, never the whole file read as no rows.
    @Test func aJSONFileWhoseFirstLineIsTooLongStillReadsItsOtherLines() throws {
        let path = try directory.write(
            "big-first.json",
            #"{"id":"L1","title":""# + String(repeating: "x", count: 2_000_000) + #"","created_at":"2026-11-20"}"# + "\n"
                + #"{"id":"L2","title":"ok","created_at":"2026-11-20"}"# + "\n")
        let summary = try run(path, maxFieldBytes: 100)
        #expect(summary.read == 2 && summary.inserted == 1 && summary.rejected == 1, "\(summary)")
        #expect(try rejects(summary).contains("longer than 100 bytes"))
    }

    @Test func aJSONLFileWithoutLineBreaksIsOneRejectedLine() throws {
        let path = try directory.write("flat.jsonl", String(repeating: "{", count: 3_000_000))
        let summary = try run(path, maxFieldBytes: 100_000)
        #expect(summary.read == 1 && summary.rejected == 1)
    }

    /// Jira writes one column per value of a multi-valued field: the tags gather every "Labels" column, and a
    /// repeated column no field takes is kept as a list.
    @Test func repeatedColumnsOfTagsAndOfAttributesAreLists() throws {
        let path = try directory.write(
            "jira.csv",
            """
            Summary,Issue key,Status,Priority,Created,Labels,Labels,Labels,Watchers,Watchers
            VPN drops,JSM-7,In Progress,High,20/Nov/26 9:05 AM,vpn,,network,ana,bo

            """)
        var options = ImportOptions()
        options.mapping = .jira
        options.rejectsPath = directory.path("rejects-jira")
        let summary = try Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger())
            .run(paths: [path], options: options)
        #expect(summary.inserted == 1, "\(summary)")
        let ticket = try #require(
            try store.writer.read { db in
                try TicketRecord.fetchOne(db, sql: "SELECT * FROM tickets WHERE external_id = 'JSM-7'")
            })
        #expect(TicketRecord.decodeTags(ticket.tags) == ["vpn", "network"])
        #expect(ticket.attributes == #"{"Watchers":["ana","bo"]}"#)
    }

    @Test func duplicateHeaderNamesAreAnErrorNamingThem() throws {
        let path = try directory.write("dup.csv", "id,title,title,created_at,Status,Status\n1,a,b,2026-11-20,open,closed\n")
        #expect(throws: ImportError.duplicateColumns(file: path, names: ["title", "Status"])) { try run(path, maxFieldBytes: 1000) }
    }
}
