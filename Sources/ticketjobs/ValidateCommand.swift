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
        commandName: "validate", abstract: "Check job files without running them.",
        discussion: "A folder stands for its *.yml and *.yaml files, as schedule reads them. Two jobs of one name are an error.")

    @Argument(help: "Job files, or folders of them.")
    var jobFiles: [String]

    @Flag(help: "Print the result as JSON on stdout: {valid, files: [{file, valid, name, steps, schedule, error, warnings}]}.")
    var json = false

    func run() throws {
        var results: [ValidationSummary.File] = []
        var names = JobNames()
        for file in try files() {
            do {
                let job = try JobDefinition.load(path: file)
                if let clash = names.claim(job) { throw clash }
                var result = ValidationSummary.File(
                    file: file, valid: true, name: job.name, steps: job.steps.count, schedule: job.schedule?.expression)
                // Valid, but a glob that matches nothing today is worth a word: a typo looks the same.
                result.warnings = job.importPathsMatchingNothing().map { line, pattern in
                    "\(file)\(line.map { ":\($0)" } ?? ""): import path '\(pattern)' matches no file now"
                }
                results.append(result)
                guard !json else { continue }
                let steps = job.steps.count == 1 ? "1 step" : "\(job.steps.count) steps"
                Output.line("\(file): ok (\(job.name), \(steps)" + (job.schedule.map { ", \($0.expression)" } ?? "") + ")")
                for warning in result.warnings { Output.error("warning: " + warning) }
            } catch {
                results.append(ValidationSummary.File(file: file, valid: false, error: "\(error)"))
                if !json { Output.error("error: \(error)") }
            }
        }
        let valid = results.allSatisfy(\.valid)
        if json { try Output.printJSON(ValidationSummary(valid: valid, files: results)) }
        if !valid { throw ExitCode(ExitStatus.failure) }
    }

    /// The arguments with each folder replaced by its job files; a folder without any is an error.
    private func files() throws -> [String] {
        try jobFiles.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return [path]
            }
            let names = JobScheduler.jobFiles(path)
            guard !names.isEmpty else {
                Output.error("error: no job files (*.yml, *.yaml) in \(path)")
                throw ExitCode(ExitStatus.failure)
            }
            return names.map { FilePaths.join(path, $0) }
        }
    }
}
