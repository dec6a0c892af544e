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

    func run() throws {
        var failed = false
        var names: [String: String] = [:]
        for file in try files() {
            do {
                let job = try JobDefinition.load(path: file)
                if let first = names[job.name] { throw JobDefinition.sameName(job.name, first, file) }
                names[job.name] = file
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
