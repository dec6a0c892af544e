import Foundation
import Testing
import TicketJobsTestSupport

@Suite struct MappingCLITests {
    let directory: TemporaryDirectory
    let runner: CommandRunner
    let export: String

    init() throws {
        directory = try TemporaryDirectory()
        runner = CommandRunner(workingDirectory: directory.url)
        export = try directory.write(
            "legacy.csv",
            """
            Ticket Number,Subject,Body,Queue,Opened,Region
            T-1,Charged twice,Refund please,Billing,2026-11-01T10:00:00Z,EU
            T-2,App crashes,On start,Tech Help,2026-11-02T10:00:00Z,US

            """)
    }

    /// An export no preset knows: import says how to draft a mapping, the draft says what it found and what is
    /// left, and import reads the file once the person has decided.
    @Test func importPointsAtTheDraftWhichImportThenReads() throws {
        let refused = try runner.run(["import", "legacy.csv", "--db", "t.sqlite"])
        #expect(
            refused.status == 1
                && refused.stderr.contains("'ticketjobs mapping draft legacy.csv --out mapping.yml' drafts one"),
            "\(refused.stderr)")
        let draft = try runner.run(["mapping", "draft", "legacy.csv", "--out", "mapping.yml", "--db", "t.sqlite"])
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(
            draft.stdout == """
                wrote mapping.yml: id ← Ticket Number; title ← Subject; description ← Body; category ← Queue; created_at ← Opened
                kept as attributes: Region; 1 label values to decide (see its comments)

                """)
        let text = try String(contentsOfFile: directory.path("mapping.yml"), encoding: .utf8)
        #expect(text.contains("# Its labels were read as those of a new database (t.sqlite does not exist yet)."))
        try directory.write(
            "mapping.yml", text.replacingOccurrences(of: "# Tech Help: ?", with: "Tech Help: technical"))
        let imported = try runner.run([
            "import", "legacy.csv", "--mapping", "mapping.yml", "--db", "t.sqlite", "--json",
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])
        #expect(summary["inserted"] as? Int == 2 && summary["rejected"] as? Int == 0)
    }

    /// Without --out the mapping is stdout's; a file of that name (a person's edited draft) is never replaced.
    @Test func theDraftGoesToStdoutAndNeverOverAFile() throws {
        let printed = try runner.run(["mapping", "draft", "legacy.csv"])
        #expect(printed.status == 0 && printed.stdout.hasPrefix("# A mapping for legacy.csv"), "\(printed.stderr)")
        try directory.write("mine.yml", "version: 1\n")
        let refused = try runner.run(["mapping", "draft", "legacy.csv", "--out", "mine.yml"])
        #expect(refused.status == 1 && refused.stderr.contains("mine.yml exists"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: directory.path("mine.yml"), encoding: .utf8) == "version: 1\n")
        let json = try runner.run(["mapping", "draft", "legacy.csv", "--out", "new.yml", "--json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(summary["undecided_values"] as? Int == 1 && summary["attributes"] as? [String] == ["Region"])
        let zendesk = try runner.run(["mapping", "draft", Fixtures.path("presets/zendesk.csv"), "--out", "z.yml"])
        #expect(zendesk.stdout.contains("--mapping zendesk reads it as it is"), "\(zendesk.stdout)")
        let missing = try runner.run(["mapping", "draft", "legacy.cvs"])
        #expect(missing.status == 1 && missing.stderr.contains("legacy.cvs: cannot read"), "\(missing.stderr)")
    }

    /// Drafts started at once on the same new file all find it free; the name is claimed as the file is put in
    /// place, so one writes it and the others are refused (each used to replace the one before).
    @Test func draftsStartedAtOnceOnOneNewFileWriteItOnce() async throws {
        let statuses = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let result = try await runner.runDetached(["mapping", "draft", "legacy.csv", "--out", "same.yml"])
                    #expect(result.status == 0 || result.stderr.contains("same.yml exists"), "\(result.stderr)")
                    return result.status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.sorted() == [0, 1, 1, 1], "\(statuses)")
        // No temporary file is left beside it.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(names.filter { $0.hasPrefix("same.yml") } == ["same.yml"], "\(names)")
    }
}
