import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketJobs

@Suite struct JobDefinitionTests {
    @Test func everyShippedJobDecodes() throws {
        let directory = Fixtures.root.appendingPathComponent("jobs").path
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yml") }
        #expect(files.count >= 4)
        for file in files {
            let job = try JobDefinition.load(path: directory + "/" + file)
            #expect(!job.steps.isEmpty, "\(file)")
        }
        let nightly = try JobDefinition.load(path: directory + "/nightly-backfill.yml")
        #expect(nightly.schedule?.expression == "30 2 * * *")
        #expect(nightly.catchUp)
        #expect(nightly.timeZone.identifier == "Europe/Berlin")
    }

    func error(_ yaml: String) throws -> ConfigError? {
        let directory = try TemporaryDirectory()
        let path = try directory.write("job.yml", yaml)
        do {
            _ = try JobDefinition.load(path: path)
            return nil
        } catch let error as ConfigError {
            return error
        }
    }

    @Test func errorsNameTheLineAndKey() throws {
        let unknownKey = try #require(try error("version: 1\nsteps:\n  - import:\n      paths: [a.csv]\n      colour: red\n"))
        #expect(unknownKey.line == 5 && unknownKey.key == "steps[0].import.colour")
        let badVersion = try #require(try error("version: 2\nsteps: []\n"))
        #expect(badVersion.line == 1 && badVersion.reason.contains("unsupported version"))
        let badSchedule = try #require(try error("version: 1\nschedule: \"61 * * * *\"\nsteps:\n  - classify: {}\n"))
        #expect(badSchedule.line == 2 && badSchedule.key == "schedule")
        let badPeriod = try #require(try error("version: 1\nsteps:\n  - report: {period: someday}\n"))
        #expect(badPeriod.key == "steps[0].report.period")
        let twoCommands = try #require(try error("version: 1\nsteps:\n  - import: {paths: [a]}\n    classify: {}\n"))
        #expect(twoCommands.reason.contains("exactly one"))
        let noSteps = try #require(try error("version: 1\nname: x\n"))
        #expect(noSteps.reason.contains("missing 'steps'"))
        let badZone = try #require(try error("version: 1\ntimezone: Mars/Olympus\nsteps:\n  - classify: {}\n"))
        #expect(badZone.key == "timezone")
    }

    @Test func batchClassifyStepsDecodeAndTheirMistakesAreNamed() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("job.yml", "version: 1\nsteps:\n  - classify: {batch: true, batch_size: 500, wait: true}\n")
        guard case .classify(let step) = try JobDefinition.load(path: path).steps.first?.command else {
            Issue.record("not a classify step")
            return
        }
        #expect(step.settings.batch == true && step.settings.batchSize == 500 && step.settings.wait == true)
        let sizeWithoutBatch = try #require(try error("version: 1\nsteps:\n  - classify: {batch_size: 10}\n"))
        #expect(sizeWithoutBatch.key == "steps[0].classify.batch_size" && sizeWithoutBatch.reason.contains("batch: true"))
        let tooLarge = try #require(try error("version: 1\nsteps:\n  - classify: {batch: true, batch_size: 100001}\n"))
        #expect(tooLarge.reason.contains("between 1 and 100000"))
        let local = try #require(try error("version: 1\nsteps:\n  - classify: {provider: local, batch: true}\n"))
        #expect(local.key == "steps[0].classify.batch")
    }
}
