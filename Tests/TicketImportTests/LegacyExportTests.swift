import Foundation
import GRDB
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport

/// Exports as legacy tools write them: other encodings, other delimiters, nested JSON.
@Suite struct LegacyExportTests {
    let directory: TemporaryDirectory
    let store: TicketStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try TicketStore(path: directory.path("tickets.sqlite"))
    }

    func run(_ path: String, _ configure: (inout ImportOptions) -> Void = { _ in }) throws -> ImportSummary {
        var options = ImportOptions()
        options.rejectsPath = directory.path("rejects-\(UUID().uuidString).\(path.hasSuffix(".jsonl") ? "jsonl" : "csv")")
        configure(&options)
        return try Importer(store: store, clock: FixedWallClock(), logger: LogRecorder().logger()).run(paths: [path], options: options)
    }

    func ticket(_ id: String) throws -> TicketRecord? {
        try store.writer.read { db in
            try TicketRecord.fetchOne(db, sql: "SELECT * FROM tickets WHERE external_id = ?", arguments: [id])
        }
    }

    @Test func aWindows1252SemicolonExcelExportImportsThroughItsMapping() throws {
        let summary = try run(Fixtures.path("legacy/excel-de.csv")) {
            $0.mapping = try! ColumnMapping.load(path: Fixtures.path("mappings/excel-de.yml"))
        }
        #expect(summary.inserted == 4 && summary.rejected == 1)
        let file = try #require(summary.files.first)
        #expect(file.encoding == "windows-1252" && file.delimiter == "semicolon")
        let first = try #require(try ticket("L-1"))
        #expect(first.description == "Bitte erstatten Sie 49,99 € – die Abbuchung erfolgte zweimal.")
        #expect(first.category == .billing && first.priority == .high)
        #expect(try ticket("L-2")?.description == "Die E-Mail zum Zurücksetzen kommt nicht an; „Spam“ ist leer.")
        #expect(try ticket("L-3")?.status == .inProgress)
        #expect(try ticket("L-4")?.resolvedAt == Int64(TicketSeeder.date("2026-11-05T11:30:00Z").timeIntervalSince1970))
        // The undefined byte rejects its row, naming the column and the encoding; the rejects file keeps the
        // input's delimiter, is UTF-8 with a mark, and imports again with the same mapping.
        let rejects = try #require(file.rejectsPath)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: rejects))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("\"Ticket-Nr.\";\"Betreff\";"))
        #expect(text.contains("column 'Betreff': bytes that are not valid windows-1252"), "\(text)")
        let again = try run(rejects) { $0.mapping = try! ColumnMapping.load(path: Fixtures.path("mappings/excel-de.yml")) }
        #expect(again.read == 1 && again.inserted == 1 && again.rejected == 0)
        #expect(again.files.first?.encoding == "utf-8")
    }

    /// The same export read as UTF-8 (no --encoding, no mapping file): its header named the columns with U+FFFD
    /// ("Priorit\u{FFFD}t") in an error about the id column. The header says what is wrong, and which encoding
    /// to try, before the store is opened.
    @Test func aLegacyExportReadAsUTF8StopsAtItsHeaderNamingTheEncoding() throws {
        let path = Fixtures.path("legacy/excel-de.csv")
        let expected = ImportError.headerNotText(file: path, encoding: "utf-8")
        #expect(throws: expected) { try Importer.checkHeaders(paths: [path], options: ImportOptions()) }
        #expect(throws: expected) { try run(path) }
        #expect("\(expected)".contains(":1: the header is not valid UTF-8") && "\(expected)".contains("--encoding windows-1252"))
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets") } == 0)
        // Read as what it is, the header is fine (the rest is the mapping's to name).
        do {
            _ = try run(path) { $0.encoding = "windows-1252" }
            Issue.record("our names have no column for the id")
        } catch {
            #expect("\(error)".contains("Priorität"), "\(error)")
        }
    }

    @Test(arguments: [(true, "utf-16le"), (false, "utf-16be")])
    func utf16WithAByteOrderMarkIsReadWhateverWasDeclared(littleEndian: Bool, expected: String) throws {
        let text = "id\ttitle\tcreated_at\r\nU-1\tÜberweisung fehlt €\t2026-11-20\r\nU-2\t日本語のチケット\t2026-11-21\r\n"
        var data = Data(littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF])
        data.append(text.data(using: littleEndian ? .utf16LittleEndian : .utf16BigEndian)!)
        let path = directory.path("unicode.tsv")
        try data.write(to: URL(fileURLWithPath: path))
        let summary = try run(path) { $0.encoding = "windows-1252" }
        #expect(summary.inserted == 2 && summary.rejected == 0)
        #expect(summary.files.first?.encoding == expected && summary.files.first?.delimiter == "tab")
        #expect(try ticket("U-1")?.title == "Überweisung fehlt €")
        #expect(try ticket("U-2")?.title == "日本語のチケット")
    }

    @Test(arguments: [(true, "utf-16le"), (false, "utf-16be")])
    func utf16WithoutAMarkIsReadInTheOrderItsZeroBytesShow(littleEndian: Bool, expected: String) throws {
        let text = "id,title,created_at\nW-1,Grüße aus Köln,2026-11-20\n"
        let path = directory.path("nomark.csv")
        try text.data(using: littleEndian ? .utf16LittleEndian : .utf16BigEndian)!.write(to: URL(fileURLWithPath: path))
        let summary = try run(path) { $0.encoding = "UTF-16" }
        #expect(summary.inserted == 1 && summary.files.first?.encoding == expected)
        #expect(try ticket("W-1")?.title == "Grüße aus Köln")
    }

    /// A sequence cut by the end of a read is kept for the next: tiny reads over UTF-16 and Windows-1252.
    @Test(arguments: ["utf-16le", "windows-1252", "iso-8859-1"])
    func conversionKeepsSequencesCutByAChunkEnd(encoding: String) throws {
        let text = "a,b\r\n" + (0..<200).map { "ä\($0),€ß日" }.joined(separator: "\r\n") + "\r\n"
        let target: String.Encoding =
            switch encoding {
            case "utf-16le": .utf16LittleEndian
            case "windows-1252": .windowsCP1252
            default: .isoLatin1
            }
        // Characters the encoding cannot hold are dropped from the expectation.
        let encodable = String(text.filter { String($0).data(using: target) != nil })
        let path = directory.path("chunks.csv")
        try encodable.data(using: target)!.write(to: URL(fileURLWithPath: path))
        let reader = try CSVRecordReader(source: try ByteSource(path: path, encoding: encoding), chunkSize: 7)
        var records: [[String]] = []
        while let record = try reader.next() {
            #expect(record.invalidUTF8Field == nil)
            records.append(record.fields)
        }
        let expected = encodable.components(separatedBy: "\r\n").dropLast().map { $0.components(separatedBy: ",") }
        #expect(records == Array(expected))
    }

    @Test(arguments: [
        ("a;b;c\n1;2,5;x\n", CSVDelimiter.semicolon), ("a,b,c\n1,2,3\n", .comma), ("a|b|c\n1|2|3\n", .pipe),
        ("a\tb\tc\n1\t2\t3\n", .tab), ("\"x;y;z\",id,title\n", .comma), ("single\n1\n", .comma),
    ])
    func theDelimiterIsSniffedFromTheHeaderOutsideQuotes(text: String, expected: CSVDelimiter) throws {
        let reader = try CSVRecordReader(
            source: try ByteSource(path: try directory.write("d.csv", text)), delimiter: .auto)
        let header = try #require(try reader.next())
        #expect(reader.delimiter == expected)
        #expect(header.fields.count == (expected == .comma && text.hasPrefix("single") ? 1 : 3))
    }

    /// A UTF-8 file imported as Windows-1252 would be garbled: said in a warning, and only then.
    @Test func aUTF8FileDeclaredAsALegacyEncodingIsWarnedAbout() throws {
        let utf8 = try directory.write("utf8.csv", "id,title,created_at\nX-1,Grüße aus Köln,2026-11-20\n")
        #expect(try ByteSource(path: utf8, encoding: "windows-1252").looksLikeUTF8)
        #expect(try !ByteSource(path: utf8).looksLikeUTF8)
        #expect(try !ByteSource(path: Fixtures.path("legacy/excel-de.csv"), encoding: "windows-1252").looksLikeUTF8)
        let ascii = try directory.write("ascii.csv", "id,title,created_at\nX-2,plain,2026-11-20\n")
        #expect(try !ByteSource(path: ascii, encoding: "windows-1252").looksLikeUTF8)
    }

    /// The names people give Windows' code page (Notepad's "ANSI", `cp-1252`, `win1252`) read as windows-1252.
    @Test(arguments: ["ANSI", "cp-1252", "CP1252", "win1252", "Win-1252", "windows_1252"])
    func windowsCodePageSpellingsAreWindows1252(name: String) throws {
        #expect(ByteSource.canonical(name) == "windows-1252")
        try ByteSource.checkEncoding(name)
        let summary = try run(Fixtures.path("legacy/excel-de.csv")) {
            $0.encoding = name
            $0.mapping = try! ColumnMapping.load(path: Fixtures.path("mappings/excel-de.yml"))
        }
        // As read under its own name (the one row with a byte undefined in the code page is rejected).
        #expect(summary.inserted == 4 && summary.rejected == 1 && summary.files.first?.encoding == "windows-1252", "\(summary)")
    }

    @Test func anEncodingIconvDoesNotKnowIsAnError() throws {
        let path = try directory.write("x.csv", "id,title,created_at\n")
        #expect(throws: ImportError.unknownEncoding("klingon-8")) { try run(path) { $0.encoding = "klingon-8" } }
    }

    @Test func dottedPathsReachNestedJSONAndAnObjectWhereAStringBelongsIsRejected() throws {
        let summary = try run(Fixtures.path("legacy/nested.jsonl")) {
            $0.mapping = try! ColumnMapping.load(path: Fixtures.path("mappings/nested-json.yml"))
        }
        #expect(summary.inserted == 2 && summary.rejected == 1)
        let first = try #require(try ticket("9100"))
        #expect(first.title == "Invoice shows the wrong VAT" && first.priority == .high)
        #expect(try ticket("9101")?.resolvedAt != nil)
        #expect(try ticket("9101")?.priority == .medium)
        let rejects = try String(contentsOfFile: try #require(summary.files.first?.rejectsPath), encoding: .utf8)
        #expect(rejects.contains("key 'ticket.subject': expected a string or number, found an object"))
        // The channel and the tags (a JSON array) come from the nested object and the list.
        #expect(first.channel == "email" && TicketRecord.decodeTags(first.tags) == ["vat", "invoice"])
        #expect(try ticket("9101")?.channel == "web" && ticket("9101")?.tags == nil)
        #expect(summary.files.first?.unknownColumns == [])
    }
}
