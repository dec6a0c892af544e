import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketClassification

/// The batch document on disk before its upload.
@Suite struct BatchBuilderTests {
    /// It holds tickets' text in a shared temporary folder: only its owner may read it, and it goes once sent.
    @Test func theDocumentIsTheOwnersAloneAndGoesWhenDiscarded() throws {
        let directory = try TemporaryDirectory()
        var builder = try BatchBuilder(key: "b1", maximumRequests: 10, maximumBytes: 1 << 20, directory: directory.url)
        let file = try builder.finish()
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOf: file, encoding: .utf8) == #"{"requests":[]}"#)
        builder.discard()
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
