import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel

@Suite struct AtomicFileWriterTests {
    /// A name is claimed once: the second writer finds it taken, leaves the first file as it was, and leaves no
    /// temporary file behind.
    @Test func writeIfAbsentNeverReplacesAFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("report.json")
        #expect(try AtomicFileWriter.writeIfAbsent(Data("first".utf8), to: path))
        #expect(try AtomicFileWriter.writeIfAbsent(Data("second".utf8), to: path) == false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["report.json"])
        // The replacing write still replaces.
        try AtomicFileWriter.write(Data("third".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "third")
    }
}
