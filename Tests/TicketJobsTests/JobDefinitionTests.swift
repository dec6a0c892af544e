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

    @Test func anEvaluateStepTakesSeveralClassifiersAThresholdAndATaxonomy() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("job.yml", """
            version: 1
            steps:
              - evaluate:
                  fixtures: f.csv
                  provider: [local, anthropic]
                  model: claude-haiku-4-5,claude-haiku-5-5
                  fail_under: [category.macro_f1=0.8, priority.accuracy=0.7]
                  taxonomy: team.yml
            """)
        guard case .evaluate(let step) = try JobDefinition.load(path: path).steps.first?.command else {
            Issue.record("not an evaluate step"); return
        }
        #expect(step.settings.providers == [.local, .anthropic])
        #expect(step.settings.models == ["claude-haiku-4-5", "claude-haiku-5-5"])
        #expect(step.settings.failUnder.map(\.description) == ["category.macro_f1=0.8", "priority.accuracy=0.7"])
        #expect(step.settings.taxonomyFile == "team.yml")
        let bad = try #require(try error("version: 1\nsteps:\n  - evaluate:\n      fixtures: f.csv\n      fail_under: category.recall=1\n"))
        #expect(bad.line == 5 && bad.reason.contains("the metric is one of"))
    }

    @Test func errorsNameTheLineAndKey() throws {
        let unknownKey = try #require(try error("version: 1\nsteps:\n  - import:\n      paths: [a.csv]\n      colour: red\n"))
        #expect(unknownKey.line == 5 && unknownKey.key == "steps[0].import.colour")
        let badVersion = try #require(try error("version: 2\nsteps:\n  - classify: {}\n"))
        #expect(badVersion.line == 1 && badVersion.reason.contains("unsupported version"))
        let badSchedule = try #require(try error("version: 1\nschedule: \"61 * * * *\"\nsteps:\n  - classify: {}\n"))
        #expect(badSchedule.line == 2 && badSchedule.key == "schedule")
        let badPeriod = try #require(try error("version: 1\nsteps:\n  - report: {period: someday}\n"))
        #expect(badPeriod.key == "steps[0].report.period")
        let fileAsFolder = try #require(try error("version: 1\nsteps:\n  - report: {period: last-week}\n  - evaluate:\n      fixtures: f.csv\n      out: reports/weekly.json\n"))
        #expect(fileAsFolder.line == 6 && fileAsFolder.key == "steps[1].evaluate.out" && fileAsFolder.reason.contains("give the folder, reports"))
        #expect(try error("version: 1\nsteps:\n  - report: {period: last-week, out: weekly.html}\n")?.key == "steps[0].report.out")
        let twoCommands = try #require(try error("version: 1\nsteps:\n  - import: {paths: [a]}\n    classify: {}\n"))
        #expect(twoCommands.reason.contains("exactly one"))
        let noSteps = try #require(try error("version: 1\nname: x\n"))
        #expect(noSteps.reason.contains("missing 'steps'"))
        let badZone = try #require(try error("version: 1\ntimezone: Mars/Olympus\nsteps:\n  - classify: {}\n"))
        #expect(badZone.key == "timezone")
        let badDelimiter = try #require(try error("version: 1\nsteps:\n  - import: {paths: [a.csv], delimiter: colon}\n"))
        #expect(badDelimiter.key == "steps[0].import.delimiter" && badDelimiter.reason == "expected auto, ',', ';', tab or '|'")
    }

    /// Every part that can be checked on its own is: a file with three mistakes says all three, in its order.
    @Test func everyProblemOfAFileIsSaidAtOnce() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "job.yml",
            "version: 1\nschedule: \"61 * * * *\"\nsteps:\n  - import: {paths: [a.csv], mapping: zendsk}\n  - classify: {}\n"
                + "  - report: {period: someday}\n")
        let problems = try #require(#expect(throws: JobFileProblems.self) { try JobDefinition.load(path: path) })
        let lines = problems.problems.map { ($0 as? ConfigError)?.line }
        #expect(lines == [2, 4, 6], "\(problems)")
        #expect(problems.description.hasPrefix("\(path): 3 problems:\n  \(path):2: 'schedule': "), "\(problems)")
        #expect(problems.description.contains("zendsk") && problems.description.contains("'steps[2].report.period'"), "\(problems)")
    }

    /// An export step's period is read as a report step's; `{period}` in its file name needs one.
    @Test func anExportStepsPeriodIsChecked() throws {
        let placeholder = try #require(try error("version: 1\nsteps:\n  - export: {out: 'x-{period}.csv'}\n"))
        #expect(placeholder.key == "steps[0].export.out" && placeholder.reason == "{period} needs a 'period'", "\(placeholder)")
        let badPeriod = try #require(try error("version: 1\nsteps:\n  - export: {out: x.csv, period: lastweek}\n"))
        #expect(badPeriod.key == "steps[0].export.period" && badPeriod.reason.contains("invalid period 'lastweek'"))
        let badZone = try #require(try error("version: 1\nsteps:\n  - export: {out: x.csv, period: yesterday, timezone: Mars/Olympus}\n"))
        #expect(badZone.key == "steps[0].export.timezone")
        #expect(try error("version: 1\nsteps:\n  - export: {out: 'x-{period}.csv', period: yesterday, timezone: Europe/Berlin}\n") == nil)
    }

    /// Without `format:`, an export step writes what its file's extension names; one of another format is refused
    /// when the job file is read, not at the first nightly run.
    @Test func anExportStepsFormatFollowsItsFileName() throws {
        let xlsx = try #require(try error("version: 1\nsteps:\n  - export: {out: exports/labels.xlsx}\n"))
        #expect(xlsx.key == "steps[0].export.out" && xlsx.reason.contains("add 'format: csv' or 'format: jsonl'"), "\(xlsx)")
        #expect(try error("version: 1\nsteps:\n  - export: {out: exports/labels.xlsx, format: csv}\n") == nil)
        let directory = try TemporaryDirectory()
        let job = try JobDefinition.load(path: try directory.write("job.yml", "version: 1\nsteps:\n  - export: {out: labels.jsonl}\n"))
        guard case .export(let step) = job.steps[0].command else {
            Issue.record("not an export step")
            return
        }
        #expect(step.format == .jsonl)
    }

    /// An empty path (a template's missing variable) is named where it is written, not read as this folder or
    /// a file called "": a report step with `out: ""` would write into the job's folder.
    @Test(arguments: [
        ("  - import: {paths: [a.csv, '']}\n", "steps[0].import.paths[1]"),
        ("  - import: {paths: a.csv, rejects: ''}\n", "steps[0].import.rejects"),
        ("  - report: {period: last-week, out: ''}\n", "steps[0].report.out"),
        ("  - export: {out: ''}\n", "steps[0].export.out"),
        ("  - evaluate: {fixtures: ''}\n", "steps[0].evaluate.fixtures"),
        ("  - classify: {taxonomy: ''}\n", "steps[0].classify.taxonomy"),
    ])
    func anEmptyPathIsNamed(step: String, key: String) throws {
        let empty = try #require(try error("version: 1\nsteps:\n" + step))
        #expect(empty.key == key && empty.reason == "expected a path, got an empty string", "\(empty)")
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

    @Test func aMinimumConfidenceIsAProbabilityForBatchesToo() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("job.yml", "version: 1\nsteps:\n  - classify: {min_confidence: 0.8}\n")
        guard case .classify(let step) = try JobDefinition.load(path: path).steps.first?.command else {
            Issue.record("not a classify step")
            return
        }
        #expect(step.settings.minConfidence == 0.8)
        let tooHigh = try #require(try error("version: 1\nsteps:\n  - classify: {min_confidence: 80}\n"))
        #expect(tooHigh.key == "steps[0].classify.min_confidence" && tooHigh.reason.contains("between 0 and 1"))
        // Batches apply it too (stored with each batch).
        let batchPath = try directory.write("batch.yml", "version: 1\nsteps:\n  - classify: {batch: true, min_confidence: 0.5}\n")
        guard case .classify(let batchStep) = try JobDefinition.load(path: batchPath).steps.first?.command else {
            Issue.record("not a classify step")
            return
        }
        #expect(batchStep.settings.minConfidence == 0.5 && batchStep.settings.batch == true)
    }
}

/// Files that are not job files at all: refused in words, never quoted, never read without bound.
@Suite struct HostileJobFileTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    func message(_ path: String) -> String {
        do {
            _ = try JobDefinition.load(path: path)
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    @Test func aSecretFileIsNeverQuoted() throws {
        let secrets = [
            "root:$y$j9T$Qx1secretHASH$Zz9:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n",
            "api_token_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a: 1\n",
            "password: [unclosed\n",
            "{\"key\": \"sk-ant-abc123\", \"key\": \"sk-ant-abc123\"}\n",
        ]
        for (i, text) in secrets.enumerated() {
            let text = message(try directory.write("secret\(i).yml", text))
            for secret in ["secretHASH", "4f9a8b7c6d5e", "unclosed", "sk-ant-abc123"] {
                #expect(!text.contains(secret), "\(text)")
            }
            #expect(text.contains("secret\(i).yml"))
        }
    }

    @Test func aFileOverAMegabyteIsRefusedBeforeParsing() throws {
        let path = try directory.write("huge.yml", "version: 1\n" + String(repeating: "# padding\n", count: 110_000))
        #expect(message(path).contains("bytes: job, mapping and taxonomy files are at most 1048576 bytes"))
        #expect(message("/dev/zero").contains("more than 1048576 bytes"))
    }

    @Test func unreadableFilesSayWhyInWords() throws {
        #expect(message(directory.path("missing.yml")).hasSuffix("missing.yml: No such file or directory"))
        #expect(message(directory.url.path).contains(": is a folder, not a job file: it holds no .yml file; "))
        // `run jobs/`: the jobs in it named, and what runs a folder.
        _ = try directory.write("jobs/weekly.yml", "version: 1\n")
        _ = try directory.write("jobs/nightly.yml", "version: 1\n")
        let jobs = directory.path("jobs")
        #expect(
            message(jobs).hasSuffix(
                ": is a folder, not a job file: name one of its jobs (nightly.yml, weekly.yml); 'ticketjobs schedule \(jobs)' runs a folder's jobs on their schedules"),
            "\(message(jobs))")
        let latin1 = directory.path("latin1.yml")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        #expect(message(latin1).hasSuffix("latin1.yml: not UTF-8 text"))
    }

    @Test func aMistypedKeyIsStillNamed() throws {
        let path = try directory.write("typo.yml", "version: 1\nname: x\nstpes: []\n")
        #expect(message(path).contains("'stpes': unknown key: did you mean 'steps'? (expected one of:"), "\(message(path))")
    }

    /// The key a typo most likely meant is suggested, in steps too; none when two are as near, or none is.
    @Test func aMistypedKeySuggestsTheNearestAllowedOne() throws {
        let cases: [(String, String?)] = [
            ("version: 1\nname: x\nshedule: '@daily'\nsteps: []\n", "did you mean 'schedule'?"),
            ("version: 1\nname: x\nsteps:\n  - clasify: {}\n", "did you mean 'classify'?"),
            ("version: 1\nname: x\nsteps:\n  - import: {path: [a.csv]}\n", "did you mean 'paths'?"),
            ("version: 1\nname: x\nsteps:\n  - classify: {Provider: local}\n", "did you mean 'provider'?"),
            ("version: 1\nname: x\nsteps:\n  - report: {perido: last-week}\n", "did you mean 'period'?"),
            ("version: 1\nname: x\ncolour: blue\nsteps: []\n", nil),
        ]
        for (index, (text, hint)) in cases.enumerated() {
            let said = message(try directory.write("hint\(index).yml", text))
            #expect(said.contains("unknown key"), "\(said)")
            if let hint { #expect(said.contains(hint), "\(said)") } else { #expect(!said.contains("did you mean"), "\(said)") }
        }
    }

    /// A mistyped zone is named, in the job's and in a step's `timezone`.
    @Test func aMistypedTimeZoneIsNamed() throws {
        let job = try directory.write("zone.yml", "version: 1\nname: x\ntimezone: Europe/Berln\nsteps:\n  - report: {period: last-week}\n")
        #expect(message(job).contains("zone.yml:3: 'timezone': unknown time zone 'Europe/Berln'"), "\(message(job))")
        let step = try directory.write(
            "step.yml", "version: 1\nname: x\nsteps:\n  - report:\n      period: last-week\n      timezone: Mars/Base\n")
        #expect(message(step).contains("unknown time zone 'Mars/Base'"), "\(message(step))")
        let lowercase = try directory.write("lower.yml", "version: 1\nname: x\ntimezone: europe/berlin\nsteps:\n  - report: {period: last-week}\n")
        #expect(message(lowercase).contains("unknown time zone 'europe/berlin': did you mean Europe/Berlin?"), "\(message(lowercase))")
    }

    /// What an import step reads with (its encoding and mapping) is checked when the file is read: a typo would
    /// otherwise surface at the first nightly run. The exports themselves may arrive later: a literal path that
    /// is not there yet is a warning of `validate`, not an error.
    @Test func anImportStepsEncodingAndMappingAreCheckedWhenTheJobIsRead() throws {
        let encoding = try directory.write("enc.yml", "version: 1\nname: x\nsteps:\n  - import: {paths: [a.csv], encoding: klingon}\n")
        #expect(message(encoding).contains("enc.yml:4: 'steps[0].import.encoding': unknown encoding 'klingon'"), "\(message(encoding))")
        let preset = try directory.write("preset.yml", "version: 1\nname: x\nsteps:\n  - import: {paths: [a.csv], mapping: zendsk}\n")
        // Named as written (not as a path beside the job), with the preset meant.
        #expect(message(preset).contains("unknown mapping 'zendsk': did you mean 'zendesk'? use one of"), "\(message(preset))")
        _ = try directory.write("broken.yml", "version: 1\ncolumns: {id: [nope\n")
        let file = try directory.write("file.yml", "version: 1\nname: x\nsteps:\n  - import: {paths: [a.csv], mapping: broken.yml}\n")
        #expect(message(file).contains("broken.yml:3: not valid YAML"), "\(message(file))")
        let fine = try directory.write(
            "fine.yml", "version: 1\nname: x\nsteps:\n  - import: {paths: [later.csv], mapping: zendesk, encoding: latin1}\n")
        let job = try JobDefinition.load(path: fine)
        #expect(job.importPathsMatchingNothing().map(\.pattern) == ["later.csv"])
        _ = try directory.write("later.csv", "id,title,created_at\n")
        #expect(job.importPathsMatchingNothing().isEmpty)
    }
}
