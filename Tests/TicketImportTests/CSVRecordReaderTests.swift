import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport

@Suite struct CSVRecordReaderTests {
    func records(_ bytes: [UInt8], chunkSize: Int = 1 << 20, delimiter: CSVDelimiter = .comma) throws -> [CSVRecord] {
        let directory = try TemporaryDirectory()
        let path = try directory.write("input.csv", Data(bytes))
        let reader = try CSVRecordReader(source: try ByteSource(path: path), chunkSize: chunkSize, delimiter: delimiter)
        var result: [CSVRecord] = []
        while let record = try reader.next() { result.append(record) }
        return result
    }

    func records(_ text: String, chunkSize: Int = 1 << 20, delimiter: CSVDelimiter = .comma) throws -> [CSVRecord] {
        try records(Array(text.utf8), chunkSize: chunkSize, delimiter: delimiter)
    }

    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let result = try records("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"line1\nline2\",z\n")
        #expect(result.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "line1\nline2", "z"]])
        #expect(result.map(\.line) == [1, 2, 3])
    }

    @Test func lineNumbersCountQuotedNewlinesAndBlankLines() throws {
        let result = try records("h1,h2\n\"a\nb\nc\",1\n\nx,2\r\ny,\"3\r\n4\"\r\nz,5")
        #expect(result.map(\.line) == [1, 2, 6, 7, 9])
        #expect(result.last?.fields == ["z", "5"])
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func recordsSurviveAnyChunkBoundary(chunkSize: Int) throws {
        let text = "\u{FEFF}id,t\r\n1,\"a\"\"b\nc\"\r\n2,\u{00E9}t\u{00E9}\n3,\n"
        let result = try records(text, chunkSize: chunkSize)
        #expect(result.map(\.fields) == [["id", "t"], ["1", "a\"b\nc"], ["2", "\u{00E9}t\u{00E9}"], ["3", ""]])
        #expect(result.map(\.line) == [1, 2, 4, 5])
    }

    /// Excel's `sep=;` first line names the delimiter and is skipped (still counted as line 1), after a
    /// byte-order mark too; a delimiter asked for wins over it.
    @Test(arguments: [64, 1 << 20])
    func anExcelSeparatorLineNamesTheDelimiter(chunkSize: Int) throws {
        for text in ["sep=;\r\nid;title\r\n1;a,b\r\n", "\u{FEFF}SEP=;\nid;title\n1;a,b\n"] {
            let result = try records(text, chunkSize: chunkSize, delimiter: .auto)
            #expect(result.map(\.fields) == [["id", "title"], ["1", "a,b"]], "\(text.debugDescription)")
            #expect(result.map(\.line) == [2, 3])
        }
        let directory = try TemporaryDirectory()
        let path = try directory.write("tabs.csv", "sep=\t\nid\ttitle\n")
        #expect(try CSVRecordReader(source: try ByteSource(path: path), delimiter: .auto).next()?.fields == ["id", "title"])
        let asked = try CSVRecordReader(source: try ByteSource(path: path), delimiter: .comma)
        #expect(try asked.next()?.fields == ["id\ttitle"])
        // A header that only starts like one is a header.
        #expect(try records("sep=x,other\n1,2\n", delimiter: .auto).first?.fields == ["sep=x", "other"])
    }

    @Test func byteOrderMarkIsRemovedFromTheFirstHeaderName() throws {
        let result = try records("\u{FEFF}id,title\n1,x\n")
        #expect(result.first?.fields.first == "id")
    }

    @Test func missingFinalNewlineAndEmptyFields() throws {
        let result = try records("a,b,c\n,,\n1,,3")
        #expect(result.map(\.fields) == [["a", "b", "c"], ["", "", ""], ["1", "", "3"]])
    }

    @Test func spacesAreKeptAsData() throws {
        let result = try records("a,b\n  x , y\n")
        #expect(result[1].fields == ["  x ", " y"])
    }

    @Test func oldMacLineEndingsCountAsLines() throws {
        let result = try records("a,b\r1,2\r3,4\r")
        #expect(result.map(\.line) == [1, 2, 3])
    }

    @Test func fileEndingInsideAnOpenQuoteMarksOnlyTheLastRecord() throws {
        let result = try records("a,b\n1,ok\n2,\"never closed\n3,swallowed\n")
        #expect(result.count == 3)
        #expect(result[1].isUnterminated == false)
        #expect(result[2].isUnterminated)
        #expect(result[2].line == 3)
    }

    @Test func invalidUTF8IsFlaggedWithItsField() throws {
        let result = try records(Array("a,b\n".utf8) + [0x31, 0x2C, 0xFF, 0x0A])
        #expect(result[1].invalidUTF8Field == 1)
        #expect(result[0].invalidUTF8Field == nil)
    }

    /// Each record's fields sit in an array sized to them: emptying a shared array "keeping capacity" grew every
    /// record's by the allocator's rounding, to hundreds of slots (~9 KB a record) over a large file.
    @Test func recordsHoldArraysSizedToTheirFields() throws {
        let text = "a,b,c\n" + String(repeating: "1,two,3\n", count: 30_000)
        let result = try records(text)
        #expect(result.count == 30_001)
        let largest = result.map(\.fields.capacity).max() ?? 0
        #expect(largest <= 8, "a record's fields array holds \(largest) slots for 3 fields")
    }
}
