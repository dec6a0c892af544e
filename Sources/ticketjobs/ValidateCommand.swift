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

struct ValidateCommand: ParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check job files without running them.",
        discussion: "A folder stands for its *.yml and *.yaml files, as schedule reads them. Two jobs of one name are an error.")

    @Argument(help: "Job files, or folders of them.")
    var jobFiles: [String]

    @Flag(help: "Print the result as JSON on stdout: {valid, files: [{file, valid, name, steps, schedule, timezone, next_run, error, warnings}]}.")
    var json = false

    func validate() throws {
        try PathArgument.requireNonEmpty(jobFiles, "a job file")
    }

    func run() throws {
        var results: [ValidationSummary.File] = []
        var names = JobNames()
        for file in try files() {
            do {
                let job = try JobDefinition.load(path: file)
                if let clash = names.claim(job) { throw clash }
                var result = ValidationSummary.File(
                    file: file, valid: true, name: job.name, steps: job.steps.count, schedule: job.schedule?.expression)
                // When it runs next, in its own time zone: what `schedule` will do, before it is left to do it.
                if let schedule = job.schedule {
                    result.timezone = job.timeZone.displayIdentifier
                    result.nextRun = schedule.next(after: Date(), in: job.timeZone).map { Self.instant($0, in: job.timeZone) }
                }
                // Valid, but a glob that matches nothing today is worth a word: a typo looks the same.
                result.warnings = job.importPathsMatchingNothing().map { line, pattern in
                    "\(file)\(line.map { ":\($0)" } ?? ""): import path '\(pattern)' matches no file now"
                }
                results.append(result)
                guard !json else { continue }
                let steps = job.steps.count == 1 ? "1 step" : "\(job.steps.count) steps"
                let when = job.schedule.map { ", \($0.expression) in \(result.timezone ?? ""), next run \(result.nextRun ?? "never")" }
                Output.line("\(file): ok (\(job.name), \(steps)\(when ?? ""))")
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

    /// `date` as ISO 8601 with the offset of `timeZone` (2026-12-07T02:30:00+01:00), as the job's clock reads it.
    static func instant(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        return formatter.string(from: date)
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
                Output.failure("no job files (*.yml, *.yaml) in \(path)")
                throw ExitCode(ExitStatus.failure)
            }
            return names.map { FilePaths.join(path, $0) }
        }
    }
}
