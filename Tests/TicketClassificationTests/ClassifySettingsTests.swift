import Foundation
import Logging
import Testing

@testable import TicketClassification
@testable import TicketDatabase
@testable import TicketModel

/// One configuration per step: flag > job file > default, each default written once.
@Suite struct ClassifySettingsTests {
    let store: TicketStore
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    init() throws {
        store = try TicketStore()
    }

    @Test func unsetSettingsTakeTheDocumentedDefaults() {
        let job = ClassifySettings().makeJob(store: store, environment: [:], logger: logger)
        #expect(job.provider == .auto)
        #expect(job.options.concurrency == ClassifyOptions().concurrency)
        #expect(job.limits == RateLimits())
        #expect(job.batch == nil)
        #expect(!job.options.relabel && !job.redact)
    }

    @Test func theHigherSettingWinsFieldByField() {
        var jobFile = ClassifySettings()
        jobFile.concurrency = 4
        jobFile.requestsPerMinute = 1000
        jobFile.model = "claude-haiku-5-5"
        var flags = ClassifySettings()
        flags.concurrency = 16
        flags.relabel = true
        let merged = flags.overriding(jobFile)
        #expect(merged.concurrency == 16)
        #expect(merged.requestsPerMinute == 1000)
        #expect(merged.model == "claude-haiku-5-5")
        #expect(merged.relabel == true)
        let job = merged.makeJob(store: store, environment: [:], logger: logger)
        #expect(job.options.concurrency == 16 && job.limits.requestsPerMinute == 1000)
        #expect(job.limits.inputTokensPerMinute == RateLimits().inputTokensPerMinute)
    }

    @Test func batchOptionsApplyOnlyToBatches() {
        var settings = ClassifySettings()
        settings.batch = true
        settings.batchSize = 500
        settings.pollInterval = 0.5
        let job = settings.makeJob(store: store, environment: [:], logger: logger)
        #expect(job.batch?.batchSize == 500)
        #expect(job.batch?.pollInterval == .milliseconds(500))
        #expect(job.batch?.wait == BatchOptions().wait)
    }

    @Test func problemsNameTheirSetting() {
        var settings = ClassifySettings()
        settings.concurrency = 0
        #expect(settings.problem()?.setting == "concurrency")
        settings.concurrency = nil
        settings.batchSize = 100_001
        #expect(settings.problem()?.setting == "batch_size")
        settings.batchSize = nil
        settings.limit = -1
        #expect(settings.problem()?.setting == "limit")
        settings.limit = 3
        #expect(settings.problem() == nil)
    }

    @Test func batchesWithTheLocalModelAreAProblem() {
        var settings = ClassifySettings()
        settings.provider = .local
        settings.batch = true
        #expect(settings.problem()?.setting == "batch")
        settings.requestsPerMinute = 0
        #expect(settings.problem()?.setting == "rpm")
    }
}
