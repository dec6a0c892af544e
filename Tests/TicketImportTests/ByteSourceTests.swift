import Foundation
import Testing

@testable import TicketImport

/// What a file that is no text is taken for, by its first bytes, and what the user is told to do.
@Suite struct ByteSourceTests {
    func kind(_ bytes: [UInt8], _ name: String = "x") -> String? { ByteSource.notText(bytes, name: name)?.kind }

    @Test func compressedFilesNameTheToolAndTheFormatUnderTheExtension() {
        #expect(ByteSource.notText([0x1F, 0x8B, 0x08], name: "in/export.jsonl.gz")?.hint
            == "decompress it first: gzip -dc in/export.jsonl.gz | ticketjobs import - --format jsonl")
        #expect(ByteSource.notText([0x28, 0xB5, 0x2F, 0xFD], name: "t.zst")?.hint
            == "decompress it first: zstd -dc t.zst | ticketjobs import - --format csv")
        #expect(ByteSource.notText([0x1F, 0x8B], name: "<stdin>")?.hint == "decompress it before it reaches ticketjobs")
        #expect(kind([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) == "an xz-compressed file")
        #expect(kind(Array("BZh91AY&SY".utf8)) == "a bzip2-compressed file")
        #expect(kind([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) == "an Excel 97-2003 workbook (.xls)")
        #expect(kind(Array("SQLite format 3\u{0}".utf8)) == "an SQLite database")
    }

    /// Text that merely starts like a magic number is text.
    @Test(arguments: ["BZh,title\n", "BZh9 ticket\n", "PK,title\n", "SQLite format 3,x\n", "id,title\n", ""])
    func textIsText(_ text: String) {
        #expect(kind(Array(text.utf8)) == nil)
    }
}
