import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketClassification

@Suite struct ClassificationPromptTests {
    func ticket(_ message: String) throws -> (title: String, description: String) {
        let json = try #require(message.split(separator: "\n", maxSplits: 1).last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        return (try #require(object["title"]), try #require(object["description"]))
    }

    /// A pasted log of megabytes was sent whole: paid for by the token, and past the context window refused.
    /// Its start is sent, marked as cut; a ticket of ordinary length goes as it is.
    @Test func aLongTicketIsCutAndSaysSo() throws {
        let log = String(repeating: "ERROR 2026-11-02 worker crashed\n", count: 40_000)  // 1.3 MB
        let cut = try ticket(ClassificationPrompt.userMessage(title: String(repeating: "T", count: 5_000), description: log))
        #expect(cut.description.count == ClassificationPrompt.maxDescriptionCharacters + ClassificationPrompt.cutMark.count)
        #expect(cut.description.hasPrefix(String(log.prefix(ClassificationPrompt.maxDescriptionCharacters))))
        #expect(cut.description.hasSuffix(ClassificationPrompt.cutMark))
        #expect(cut.title.count == ClassificationPrompt.maxTitleCharacters + ClassificationPrompt.cutMark.count)
        #expect(ClassificationPrompt.ticketTokens(title: "T", description: log) < 2_600)

        let exact = String(repeating: "a", count: ClassificationPrompt.maxDescriptionCharacters)
        #expect(try ticket(ClassificationPrompt.userMessage(title: "t", description: exact)).description == exact)
        #expect(try ticket(ClassificationPrompt.userMessage(title: "Charged twice", description: "Refund")) == ("Charged twice", "Refund"))
    }

    /// Cut by characters: a flag or an accented letter is kept whole or left out, never split into bytes.
    @Test func aCutNeverSplitsACharacter() throws {
        let flags = String(repeating: "🇩🇪é", count: ClassificationPrompt.maxDescriptionCharacters)
        let cut = try ticket(ClassificationPrompt.userMessage(title: "t", description: flags)).description
        #expect(cut.dropLast(ClassificationPrompt.cutMark.count).allSatisfy { $0 == "🇩🇪" || $0 == "é" })
        #expect(cut.count == ClassificationPrompt.maxDescriptionCharacters + ClassificationPrompt.cutMark.count)
    }
}
