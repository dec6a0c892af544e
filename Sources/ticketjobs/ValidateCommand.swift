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
                let steps = job.steps.count == 1 ? "1 step" : "\(job.steps.count) steps"
                Output.line("\(file): ok (\(job.name), \(steps)" + (job.schedule.map { ", \($0.expression)" } ?? "") + ")")
                // Valid, but a glob that matches nothing today is worth a word: a typo looks the same.
                for (line, pattern) in job.importPathsMatchingNothing() {
                    Output.error("warning: \(file)\(line.map { ":\($0)" } ?? ""): import path '\(pattern)' matches no file now")
                }
            } catch {
                Output.error("error: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(ExitStatus.failure) }
    }
}
