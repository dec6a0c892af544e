import Testing

@testable import TicketReporting

/// `--format` as people write it: either order, any case, spaces after commas, a format twice.
@Suite struct ReportWriterTests {
    @Test func formatsAreReadInTheirOrderEachOnce() throws {
        #expect(try ReportWriter.formats("html,json") == [.html, .json])
        #expect(try ReportWriter.formats("JSON, html") == [.json, .html])
        // Named twice, a file was written twice and its path printed twice.
        #expect(try ReportWriter.formats("html,html") == [.html])
        #expect(try ReportWriter.formats("json,html,json") == [.json, .html])
    }

    @Test(arguments: ["", ",", "pdf", "html,pdf"])
    func anUnknownOrMissingFormatIsAnError(text: String) {
        #expect(throws: ReportError.self) { try ReportWriter.formats(text) }
    }
}
