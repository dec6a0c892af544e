import Foundation
import Testing
import TicketJobsTestSupport

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

    /// A report's file name given where its folder goes; a folder that has such a name already is one.
    @Test func aReportsFileNameIsNoReportFolder() throws {
        #expect(FilePaths.reportFolderProblem("r/2026-11.json")?.hasSuffix("give the folder, r") == true)
        #expect(FilePaths.reportFolderProblem("weekly.Html/")?.hasSuffix("give the folder, .") == true)
        #expect(FilePaths.reportFolderProblem("x.htm") != nil)
        for folder in ["reports", "reports/", "r/2026-11", "json", ".json", "/srv/reports.d"] {
            #expect(FilePaths.reportFolderProblem(folder) == nil, "\(folder)")
        }
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("archive.json"), withIntermediateDirectories: false)
        #expect(FilePaths.reportFolderProblem(directory.path("archive.json")) == nil)
    }

    @Test func joinKeepsWhatTheUserWrote() {
        #expect(FilePaths.join("", "a.csv") == "a.csv")
        #expect(FilePaths.join("r", "a.csv") == "r/a.csv")
        #expect(FilePaths.join("r/", "a.csv") == "r/a.csv")
        #expect(FilePaths.join("/", "a.csv") == "/a.csv")
    }

    /// One file however it is named (`./`, `..`, a link); another file, or one not there yet, is another.
    @Test func sameFileSeesThroughSpellingsAndLinks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("filepaths-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/in.csv"
        try "id\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: file)
        #expect(FilePaths.sameFile(file, folder + "/sub/../in.csv"))
        #expect(FilePaths.sameFile(file, folder + "/./in.csv"))
        #expect(FilePaths.sameFile(folder + "/link.csv", file))
        #expect(!FilePaths.sameFile(file, folder + "/other.csv"))
        #expect(FilePaths.sameFile(folder + "/new.csv", folder + "/sub/../new.csv"))
        #expect(!FilePaths.sameFile(folder + "/new.csv", folder + "/sub/new.csv"))
    }

    /// A missing file's typo is named with the file meant, or its missing folder; a name like nothing there gets no
    /// guess.
    @Test func aMissingPathSaysWhatWasMeant() throws {
        let directory = try TemporaryDirectory()
        for name in ["tickets.csv", "nightly-backfill.yml", "a.csv", "b.csv"] { _ = try directory.write(name, "") }
        let folder = directory.url.path
        #expect(FilePaths.hint(forMissing: folder + "/tickets.cvs") == "did you mean \(folder)/tickets.csv?")
        #expect(FilePaths.hint(forMissing: folder + "/Tickets.csv") == "did you mean \(folder)/tickets.csv?")
        #expect(FilePaths.hint(forMissing: folder + "/nigthly-backfill.yml") == "did you mean \(folder)/nightly-backfill.yml?")
        #expect(FilePaths.hint(forMissing: folder + "/orders.json") == nil)
        // Two equally near: no guess.
        #expect(FilePaths.hint(forMissing: folder + "/c.csv") == nil)
        #expect(FilePaths.hint(forMissing: folder + "/nofolder/tickets.csv") == "no folder \(folder)/nofolder")
    }
}
