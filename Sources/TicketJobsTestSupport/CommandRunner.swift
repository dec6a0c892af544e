import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// Runs the built `ticketjobs` binary as a user would, capturing stdout, stderr and the exit status.
public struct CommandRunner: Sendable {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public var workingDirectory: URL
    public var environment: [String: String]

    public init(workingDirectory: URL, environment: [String: String] = [:]) {
        self.workingDirectory = workingDirectory
        var base = ProcessInfo.processInfo.environment
        // Tests must never reach a real API, whatever the developer's shell exports.
        for key in ["ANTHROPIC_API_KEY", "LLM_API_KEY", "ANTHROPIC_BASE_URL", "TICKETJOBS_DB"] { base[key] = nil }
        self.environment = base.merging(environment) { _, new in new }
    }

    /// Runs the binary on a thread of its own: a test whose fake server lives in the same process must not
    /// block one of the cooperative pool's few threads (two on this machine) while the binary talks to it.
    public func runDetached(_ arguments: [String], stdin: String? = nil, executable: URL? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try self.run(arguments, stdin: stdin, executable: executable) })
            }
        }
    }

    public func run(_ arguments: [String], stdin: String? = nil, executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? Fixtures.binary
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        process.environment = environment
        // Files, not pipes: a chatty process can never block on a full pipe.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ticketjobs-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}
