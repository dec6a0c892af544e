import ArgumentParser
import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check job files without running them.")

    @Argument(help: "Job files.")
    var jobFiles: [String]

    func run() throws {
        var failed = false
        for file in jobFiles {
            do {
                let job = try JobDefinition.load(path: file)
                Output.line("\(file): ok (\(job.name), \(job.steps.count) steps" + (job.schedule.map { ", \($0.expression)" } ?? "") + ")")
            } catch {
                Output.error("error: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(ExitStatus.failure) }
    }
}
