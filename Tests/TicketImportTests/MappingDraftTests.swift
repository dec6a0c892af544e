import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketDatabase
@testable import TicketImport
@testable import TicketModel

@Suite struct MappingDraftTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// A legacy export no preset knows: its columns are found by their names, its label values read as ours
    /// where they spell one (or a help desk's priority and status words), its day-first dates get their pattern,
    /// and what is left (a queue of its own, a column we have no field for) is said.
    @Test func aLegacyExportsColumnsValuesAndDatesAreDrafted() throws {
        let path = try directory.write(
            "legacy.csv",
            """
            Ticket Number,Subject,Body,Queue,Urgency,State,Opened,Agent,Team,Source,tag_1,tag_2,Region
            T-1,Charged twice,Refund please,Billing,Urgent,Solved,07.11.2026 14:03,ana,Payments,email,vip,refund,EU
            T-2,App crashes,On start,Tech Help,Normal,Pending,08.11.2026 09:30,bo,Apps,web,,,US
            T-3,Invoice copy,Need a PDF,Billing,Low,open,09.11.2026 17:45,ana,Payments,email,,,EU

            """)
        let draft = try MappingDraft(path: path, taxonomy: .standard)
        #expect(draft.sampledRows == 3)
        #expect(
            draft.columns == [
                .id: ["Ticket Number"], .title: ["Subject"], .description: ["Body"], .category: ["Queue"],
                .priority: ["Urgency"], .status: ["State"], .createdAt: ["Opened"], .assignee: ["Agent"],
                .group: ["Team"],
                .channel: ["Source"], .tags: ["tag_1", "tag_2"],
            ])
        #expect(draft.attributeColumns == ["Region"])
        #expect(draft.missingFields.isEmpty)
        #expect(
            draft.values[.category] == [
                MappingDraft.Value(text: "Billing", rows: 2, label: "billing"),
                MappingDraft.Value(text: "Tech Help", rows: 1, label: nil),
            ])
        #expect(draft.values[.priority]??.map(\.label) == ["low", "medium", "critical"])  // one row each: by name
        #expect(draft.values[.status]??.map(\.label) == ["in_progress", "resolved", "open"])  // Pending, Solved, open
        #expect(draft.undecidedValues == 1)
        #expect(draft.dateFormat == "dd.MM.yyyy HH:mm")
        // Days 7 to 9: the month could come first.
        #expect(draft.ambiguousDateFormat == "MM.dd.yyyy HH:mm")
        #expect(
            draft.fileText(source: "legacy.csv", labels: "x", now: Date()).contains(
                "# Every day read was 12 or less, so this may be \"MM.dd.yyyy HH:mm\" instead"))
    }

    /// A date pattern is chosen by what the dates look like, separators included (a formatter alone read
    /// 03/11/2026 as dd.MM.yyyy), and a day past 12 settles which comes first.
    @Test(
        arguments: [
            (["19/11/2026 10:00", "03/11/2026 09:15"], "dd/MM/yyyy HH:mm", nil),
            (["11/23/2026 9:15 PM", "11/02/2026 10:01 AM"], "MM/dd/yyyy h:mm a", nil),
            (["2026/11/23", "2026/11/02"], "yyyy/MM/dd", nil),
            (["03-11-2026", "04-11-2026"], "dd-MM-yyyy", "MM-dd-yyyy"),
            (["2026-11-23T10:00:00Z"], nil, nil),
        ] as [([String], String?, String?)])
    func creationTimesGetThePatternTheyAreWrittenIn(dates: [String], pattern: String?, other: String?) throws {
        let path = try directory.write(
            "dates.csv", "id,subject,created\n" + dates.enumerated().map { "\($0),x,\($1)\n" }.joined())
        let draft = try MappingDraft(path: path, taxonomy: .standard)
        #expect(draft.dateFormat == pattern && draft.ambiguousDateFormat == other)
        #expect(draft.unreadDate == nil)
    }

    /// The drafted file is a mapping `import` reads as it is; once the person gives the commented value its
    /// label, every row imports with the labels and times the draft found.
    @Test func theDraftIsAMappingImportReads() throws {
        let path = try directory.write(
            "legacy.csv",
            """
            Ticket Number;Subject;Body;Queue;Urgency;State;Opened
            T-1;Charged twice;Refund please;Billing;Urgent;Solved;07.11.2026 14:03
            T-2;App crashes;On start;Tech Help;Normal;Pending;08.11.2026 09:30

            """)
        let draft = try MappingDraft(path: path, taxonomy: .standard)
        #expect(draft.delimiter == .semicolon)
        let text = draft.fileText(source: "legacy.csv", labels: "a new database", now: Date(timeIntervalSince1970: 0))
        #expect(text.contains("    # \"Tech Help\": ?") || text.contains("    # Tech Help: ?"), "\(text)")
        let asDrafted = try directory.write("as-drafted.yml", text)
        let store = try TicketStore()
        var options = ImportOptions()
        options.rejectsPath = directory.path("rejects.csv")
        options.mapping = try ColumnMapping.load(path: asDrafted)
        let first = try Importer(store: store, logger: LogRecorder().logger()).run(paths: [path], options: options)
        // The undecided value's row is rejected, as the file's comment says.
        #expect(first.inserted == 1 && first.rejected == 1)
        let decided = try directory.write(
            "decided.yml", text.replacingOccurrences(of: "# Tech Help: ?", with: "Tech Help: technical"))
        options.mapping = try ColumnMapping.load(path: decided)
        let second = try Importer(store: store, logger: LogRecorder().logger()).run(paths: [path], options: options)
        #expect(second.inserted == 1 && second.rejected == 0)
        let tickets = try store.ticketsInSourceOrder().sorted { $0.id < $1.id }
        #expect(tickets.map(\.category) == [.billing, .technical])
        #expect(tickets.map(\.priority) == [.critical, .medium])
        #expect(tickets.map(\.status) == [.resolved, .inProgress])
        #expect(tickets.first?.createdAt == TicketSeeder.date("2026-11-07T14:03:00Z"))
    }

    /// JSON Lines: nested keys are dotted (Zendesk's `via.channel`), a list is tags, and a column of free text
    /// is not taken for labels.
    @Test func jsonLinesAreDraftedByTheirDottedKeys() throws {
        let lines = (1...70).map { i in
            #"{"id": \#(i), "subject": "ticket \#(i)", "type": "free text \#(i)", "via": {"channel": "email"}, "labels": ["a", "b"], "created_at": "2026-11-01T10:00:00Z", "extra": {"score": \#(i)}}"#
        }
        let path = try directory.write("tickets.jsonl", lines.joined(separator: "\n") + "\n")
        let draft = try MappingDraft(path: path, taxonomy: .standard)
        #expect(
            draft.columns[.channel] == ["via.channel"] && draft.columns[.tags] == ["labels"]
                && draft.columns[.category] == ["type"])
        #expect(draft.attributeColumns == ["extra.score"])
        let values = try #require(draft.values[.category])
        #expect(values == nil)  // 70 different values: not labels
        #expect(draft.dateFormat == nil && draft.unreadDate == nil)
        #expect(
            draft.fileText(source: "tickets.jsonl", labels: "x", now: Date()).contains(
                "type (category) has more than 60 values"))
    }

    /// A column named like a time whose values are no times (a yes/no `Closed`, a `Resolved` in hours) is kept
    /// as an attribute: taken for resolved_at, every row would be rejected for it.
    @Test func aTimesNameIsNotEnoughForItsColumn() throws {
        let path = try directory.write(
            "times.csv",
            """
            id,subject,created,closed,resolved at
            1,a,2026-11-01T10:00:00Z,yes,2026-11-02T10:00:00Z
            2,b,2026-11-01T11:00:00Z,no,

            """)
        let draft = try MappingDraft(path: path, taxonomy: .standard)
        #expect(draft.columns[.resolvedAt] == ["resolved at"])
        let hours = try directory.write("hours.csv", "id,subject,created,closed\n1,a,2026-11-01T10:00:00Z,yes\n")
        let other = try MappingDraft(path: hours, taxonomy: .standard)
        #expect(other.columns[.resolvedAt] == nil && other.attributeColumns == ["closed"])
    }

    /// An export a preset reads (or our own) is said to need no mapping file; a header without rows is drafted
    /// from its names alone.
    @Test func anExportAPresetReadsIsSaidToNeedNoDraft() throws {
        let zendesk = try MappingDraft(path: Fixtures.path("presets/zendesk.csv"), taxonomy: .standard)
        #expect(zendesk.fittingPreset == "zendesk")
        #expect(
            zendesk.fileText(source: "z.csv", labels: "x", now: Date()).contains(
                "# Its columns are zendesk's: 'import --mapping zendesk' reads it without this file."))
        #expect(try MappingDraft(path: Fixtures.path("tickets.csv"), taxonomy: .standard).fittingPreset == "ticketjobs")
        let legacy = try MappingDraft(path: Fixtures.path("legacy/old-desk.csv"), taxonomy: .standard)
        #expect(legacy.fittingPreset == nil)
        let bare = try MappingDraft(path: try directory.write("header.csv", "id,subject\n"), taxonomy: .standard)
        #expect(bare.sampledRows == 0 && bare.columns == [.id: ["id"], .title: ["subject"]])
        #expect(
            bare.fileText(source: "header.csv", labels: "x", now: Date()).contains("from its header (it has no rows)."))
    }

    /// A team's own queues: the draft names the taxonomy that would read them as they are, and under such a
    /// taxonomy every value is decided by its spelling ("Tech Help" is tech_help).
    @Test func valuesSpelledAsATaxonomysNamesNeedNoEntry() throws {
        let path = Fixtures.path("legacy/old-desk.csv")
        let standard = try MappingDraft(path: path, taxonomy: .standard)
        #expect(
            standard.fileText(source: "old-desk.csv", labels: "x", now: Date()).contains(
                "    # accounts, billing, tech_help)"))
        let queues = Taxonomy(
            categories: ["accounts", "billing", "tech_help"].map {
                TaxonomyLabel(name: $0, definition: "the \($0) queue")
            },
            priorities: Taxonomy.standard.priorities)
        let own = try MappingDraft(path: path, taxonomy: queues)
        #expect(
            own.values[.category]??.map(\.label) == ["accounts", "billing", "tech_help"] && own.undecidedValues == 0)
    }

    /// A name the header gives twice is a list: tags gather both (Jira's "Labels", "Labels"), and no other field
    /// takes one, as import would refuse to guess which.
    @Test func aNameGivenTwiceIsAListNotAField() throws {
        let path = try directory.write(
            "jira.csv",
            """
            Issue key,Summary,Labels,Labels,Team,Team,Created
            K-1,a,vip,refund,apps,web,2026-11-01T10:00:00Z

            """)
        let draft = try MappingDraft(path: path, taxonomy: .standard)
        #expect(draft.columns[.tags] == ["Labels"] && draft.columns[.group] == nil)
        #expect(
            draft.header == ["Issue key", "Summary", "Labels", "Team", "Created"] && draft.attributeColumns == ["Team"])
    }

    /// Without a creation time or an id, the draft says so and offers a default it leaves commented out.
    @Test func fieldsEveryRowNeedsAreNamedWhenMissing() throws {
        let path = try directory.write("bare.csv", "subject,body\nHello,World\n")
        let draft = try MappingDraft(path: path, taxonomy: .standard)
        #expect(draft.missingFields == [.id, .createdAt])
        let text = draft.fileText(source: "bare.csv", labels: "x", now: Date(timeIntervalSince1970: 1_764_000_000))
        #expect(text.contains("  # id: ?") && text.contains("  # created_at: ?"))
        #expect(text.contains("#   created_at: \"2025-11-24T00:00:00Z\""))
    }

    /// A Windows-1252 export read as UTF-8 stops at its header, naming the encoding to pass, as import does;
    /// with it, the file's encoding and delimiter are the mapping's.
    @Test func anExportInAnotherEncodingSaysSoAndTheMappingNamesIt() throws {
        let path = Fixtures.path("legacy/excel-de.csv")
        #expect(throws: ImportError.headerNotText(file: path, encoding: "utf-8")) {
            _ = try MappingDraft(path: path, taxonomy: .standard)
        }
        let draft = try MappingDraft(path: path, taxonomy: .standard, encoding: "windows-1252")
        #expect(draft.encoding == "windows-1252" && draft.delimiter == .semicolon)
        #expect(draft.columns[.priority] == ["Priorität"])  // read as Windows-1252
        #expect(draft.columns[.id] == ["Ticket-Nr."])  // its closing dot aside, a ticket number
        let text = draft.fileText(source: "excel-de.csv", labels: "x", now: Date())
        #expect(text.contains("encoding: windows-1252\ndelimiter: \";\"\n"))
    }

    /// A German Excel export is drafted as the mapping written for it by hand (fixtures/mappings/excel-de.yml):
    /// the same columns, priorities and statuses; only its categories, a team's own, are left to decide.
    @Test func aGermanExportIsDraftedAsItsHandWrittenMapping() throws {
        let draft = try MappingDraft(
            path: Fixtures.path("legacy/excel-de.csv"), taxonomy: .standard, encoding: "windows-1252")
        let written = try ColumnMapping.load(path: Fixtures.path("mappings/excel-de.yml"))
        #expect(Set(draft.columns.keys) == Set(written.columns.keys))
        for (field, columns) in written.columns { #expect(draft.columns[field] == columns, "\(field)") }
        for field in [TicketField.priority, .status] {
            let drafted = try #require(draft.values[field] ?? nil)
            #expect(
                Dictionary(uniqueKeysWithValues: drafted.map { (ColumnMapping.normalize($0.text), $0.label) })
                    == written.values[field]?.filter { key, _ in
                        drafted.contains { ColumnMapping.normalize($0.text) == key }
                    },
                "\(field)")
        }
        #expect(draft.values[.category]??.allSatisfy { $0.label == nil } == true)
        #expect(draft.dateFormat == written.dateFormats.first)
    }

    /// Values that YAML would read as something else (a boolean, a number, a key and value) are quoted.
    @Test func valuesReadBackAsThemselves() throws {
        for text in ["yes", "No", "1", "1 - Critical", "P1: urgent", "#5", "Low ", "Technical Support", "a\"b"] {
            let scalar = MappingDraft.scalar(text)
            let node = try #require(try ConfigNode.parse("key: \(scalar)\n", file: "x").pairs().first?.value)
            #expect(try node.string() == text, "\(text) written as \(scalar)")
        }
    }
}
