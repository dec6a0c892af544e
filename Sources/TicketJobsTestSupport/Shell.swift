import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// Runs a helper program (python3, chromium) from a test.
public enum Shell {
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> CommandRunner.Result {
        let runner = CommandRunner(workingDirectory: directory ?? FileManager.default.temporaryDirectory)
        return try runner.run(arguments, executable: URL(fileURLWithPath: executable))
    }
}
