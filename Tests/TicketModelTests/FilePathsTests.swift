import Testing

@testable import TicketModel

/// The folder of a path, for every shape a user types (Foundation traps on some of them on Linux).
@Suite struct FilePathsTests {
    @Test(arguments: [
        ("r", ""), ("t.sqlite", ""), ("r/2026-11.html", "r"), ("./r", "."), ("/tmp", "/"), ("/", "/"),
        ("a/b/c", "a/b"), ("a//b", "a"), ("reports/", ""), ("/var/lib/x/", "/var/lib"), ("", ""),
    ])
    func parentOfAPath(path: String, parent: String) {
        #expect(FilePaths.parent(path) == parent)
    }

    @Test func joinKeepsWhatTheUserWrote() {
        #expect(FilePaths.join("", "a.csv") == "a.csv")
        #expect(FilePaths.join("r", "a.csv") == "r/a.csv")
        #expect(FilePaths.join("r/", "a.csv") == "r/a.csv")
        #expect(FilePaths.join("/", "a.csv") == "/a.csv")
    }
}
