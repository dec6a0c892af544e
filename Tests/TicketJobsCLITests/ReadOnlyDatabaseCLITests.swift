import Foundation
import Testing
import TicketJobsTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A database this user may read but not write (a lead given read access to the team's store, a read-only copy):
/// the commands that only read work and leave it as it was; those that write say why they cannot.
@Suite struct ReadOnlyDatabaseCLITests {
    let directory: TemporaryDirectory
    let runner: CommandRunner
    /// The folder holding the database, and one for what the reader writes: both writable by the reader.
    let shared: String
    let out: String
    let database: String

    init() throws {
        directory = try TemporaryDirectory()
        runner = CommandRunner(workingDirectory: directory.url)
        shared = directory.path("shared")
        out = directory.path("out")
        database = directory.path("shared/t.sqlite")
        for folder in [shared, out] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder)
        }
        let imported = try runner.run(["import", Fixtures.path("tickets.csv"), "--db", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: database)
    }

    /// Runs the binary as a user who may not write the database: root may write any file, so as root it runs as
    /// nobody (whose stdout and stderr are the files the runner opened).
    func runAsReader(_ arguments: [String]) throws -> CommandRunner.Result {
        guard geteuid() == 0 else { return try runner.run(arguments) }
        return try runner.run(
            ["--reuid=65534", "--regid=65534", "--clear-groups", Fixtures.binary.path] + arguments,
            executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    }

    func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func theCommandsThatOnlyReadWorkAndLeaveTheDatabaseAsItWas() throws {
        let before = try contents(database)
        let report = try runAsReader(["report", "--period", "2026-W46", "--db", database, "--out", out])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout == "\(out)/2026-W46.html\n\(out)/2026-W46.json\n")
        let export = try runAsReader(["export", "--db", database, "--out", "\(out)/all.csv"])
        #expect(export.status == 0 && export.stdout == "exported 300 tickets to \(out)/all.csv\n", "\(export.stderr)")
        for arguments in [["history"], ["taxonomy", "show"], ["batches", "list"], ["suggest", "--title", "Refund please"]] {
            let result = try runAsReader(arguments + ["--db", database])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        #expect(try contents(database) == before)
    }

    /// A store this user may not read at all (another user's, readable by its owner only, as ticketjobs makes
    /// them) is said to be that, with whose it is: it read as read-only, explained by SQLite's WAL files.
    @Test func aDatabaseThisUserMayNotReadSaysWhoseItIs() throws {
        // Root reads any file: as root the reader is nobody, and the owner root; else the owner is this user.
        try FileManager.default.setAttributes([.posixPermissions: geteuid() == 0 ? 0o600 : 0o000], ofItemAtPath: database)
        let owner = String(cString: getpwuid(geteuid())!.pointee.pw_name)
        for arguments in [["history"], ["import", Fixtures.path("tickets.csv")]] {
            let result = try runAsReader(arguments + ["--db", database])
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(
                result.stderr.contains("cannot open database \(database): this user may not read it: it belongs to \(owner), mode "),
                "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("-shm"), "\(result.stderr)")
        }
    }

    @Test(arguments: [["import", Fixtures.path("tickets.csv")], ["classify"]])
    func aCommandThatWritesSaysTheDatabaseIsReadOnly(arguments: [String]) throws {
        let before = try contents(database)
        let result = try runAsReader(arguments + ["--db", database])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("database \(database) is read-only for this user, and this command writes to it"), "\(result.stderr)")
        #expect(try contents(database) == before)
    }

    /// SQLite reads a WAL database through a `-shm` file beside it, which exists only while a connection is open.
    @Test func aReadOnlyFolderIsNamedAsWhatKeepsSQLiteFromReading() throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: shared)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: shared) }
        let result = try runAsReader(["report", "--period", "2026-W46", "--db", database, "--out", out])
        #expect(result.status == 1)
        #expect(result.stderr.contains("(\(database)-shm), which it cannot create: its folder (\(shared)) is read-only"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
    }
}
