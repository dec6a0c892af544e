import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketExport

/// The JSON Lines writer writes each ticket byte for byte as building it as a dictionary did, whatever its
/// attributes hold.
@Suite struct TicketJSONWriterTests {
    /// A ticket with every field of ours, one with none of the optional ones.
    static let lines = [
        #"{"id": "J-1", "title": "Refund \"now\"", "description": "a/b \\ c\n\t\u0001 é 🎫", "created_at": "2026-11-02T10:00:00Z", "category": "billing", "priority": "high", "status": "resolved", "resolved_at": "2026-11-03T10:00:00Z", "tags": ["vip", "a,b", "x y"], "assignee": "Ana", "group": "Tier 2", "channel": "email", "satisfaction": "good", "first_response_at": "2026-11-02T11:00:00Z"}"#,
        #"{"id": "J-2", "title": "Plain", "description": "", "created_at": "2026-11-04T10:00:00Z"}"#,
    ]

    /// Attributes holding every kind of JSON value, keys Foundation orders otherwise than code points (case,
    /// numbers), keys named like ours (exported as `attributes.NAME`), text to escape; the same shape twice.
    static let attributes: [String?] = [
        nil,
        #"{"custom": {"b": [1, 2.5, true, null, "s/t"], "A": {"z": -3, "a10": 1, "a9": 2}}, "Zeta": "z", "links": "l", "ID": "shadow", "status": 7, "score": 4.0, "big": 12345678901234, "flag": false, "none": null, "q\"k": "\u001f"}"#,
        #"{"custom": {}, "Zeta": "", "links": "again", "ID": "", "status": 0, "score": 1, "big": 0, "flag": true, "none": null, "q\"k": ""}"#,
        #"{"label_source": "theirs", "tags": "x", "Title": ["t"]}"#,
    ]

    @Test func writesEachTicketAsTheDictionaryWriterDid() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("tickets.jsonl")
        try (Self.lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let store = try TicketStore()
        var options = ImportOptions()
        options.format = .jsonl
        let summary = try Importer(store: store, logger: LogRecorder().logger()).run(paths: [file.path], options: options)
        #expect(summary.inserted == Self.lines.count && summary.rejected == 0)
        let writer = TicketJSONWriter()
        let dictionaryWriter = JSONObjectWriter()
        var compared = 0
        try store.forEachTicket(createdSince: nil, until: nil) { stored in
            for attributes in Self.attributes {
                var record = stored
                record.attributes = attributes
                var written: [UInt8] = []
                #expect(writer.append(record, attributes: Exporter.attributes(record), to: &written))
                let expected = try Exporter.jsonLine(record, dictionaryWriter)
                #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
                compared += 1
            }
        }
        #expect(compared == Self.lines.count * Self.attributes.count)
        var written: [UInt8] = []
        try store.forEachTicket(createdSince: nil, until: nil) { stored in
            var record = stored
            record.attributes = Self.attributes[1]
            #expect(writer.append(record, attributes: Exporter.attributes(record), to: &written))
        }
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.contains(#""attributes.status":7"#) && text.contains(#""custom":{"A":{"a9":2,"a10":1,"z":-3},"b":[1,2.5,true,null,"s/t"]}"#), "\(text)")
    }

    /// A value the writer cannot write leaves the bytes as they were, for the dictionary writer to say why.
    @Test func aValueItCannotWriteLeavesTheLineUnwritten() throws {
        let store = try TicketStore()
        try TicketSeeder.seed(store, [Ticket(id: "N-1", title: "t", description: "", createdAt: Date(timeIntervalSince1970: 0))])
        var checked = false
        try store.forEachTicket(createdSince: nil, until: nil) { record in
            var written: [UInt8] = Array("before\n".utf8)
            #expect(!TicketJSONWriter().append(record, attributes: ["nan": Double.nan], to: &written))
            #expect(written == Array("before\n".utf8))
            checked = true
        }
        #expect(checked)
    }
}
