import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// Paths of the repository's fixtures and of the shared data beside the repository.
public enum Fixtures {
    /// The repository root, found from this file's location (Sources/TicketJobsTestSupport/Fixtures.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String {
        root.appendingPathComponent("fixtures").appendingPathComponent(relative).path
    }

    /// `../shared/data/NAME`, or nil when the shared folder is not beside this clone.
    public static func shared(_ name: String) -> String? {
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(name).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The built `ticketjobs` binary, next to the test bundle.
    public static var binary: URL { built("ticketjobs") }

    /// The built `fake-anthropic` server, for tests that need the fake in a process of its own.
    public static var fakeAnthropic: URL { built("fake-anthropic") }

    private static func built(_ name: String) -> URL {
        let candidate = Bundle.main.bundleURL.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        return root.appendingPathComponent(".build/debug").appendingPathComponent(name)
    }
}
