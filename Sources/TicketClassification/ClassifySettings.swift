import Foundation
import Logging
import TicketDatabase
import TicketModel

/// The `classify` step as a user configured it, by flags or a job file: every setting optional. The CLI and the
/// job runner both build their run from one of these with `makeJob`, which fills what nobody set from the
/// documented defaults (`ClassifyOptions`, `RateLimits`, `BatchOptions`), written once there. Where a flag and
/// a job file both speak, `overriding` lets the flag win.
public struct ClassifySettings: Sendable, Equatable {
    public var provider: ClassifierProvider?
    public var model: String?
    public var concurrency: Int?
    public var requestsPerMinute: Double?
    public var inputTokensPerMinute: Double?
    public var outputTokensPerMinute: Double?
    public var limit: Int?
    public var since: Date?
    public var until: Date?
    public var relabel: Bool?
    /// With `relabel`, a person's labels are replaced too.
    public var includeManual: Bool?
    /// Answers less sure than this (0–1) wait in the review queue instead of being applied.
    public var minConfidence: Double?
    public var redact: Bool?
    /// A taxonomy file with the team's own definitions of each label.
    public var taxonomyFile: String?
    /// A labeled export to train the local classifier on.
    public var trainingFile: String?
    /// Through the Message Batches API.
    public var batch: Bool?
    public var batchSize: Int?
    public var wait: Bool?
    /// Seconds between the first polls of `wait`.
    public var pollInterval: Double?

    public init() {}

    /// These settings where set, else `lower`'s (flag > job file > default).
    public func overriding(_ lower: ClassifySettings) -> ClassifySettings {
        var merged = lower
        func take<Value>(_ path: WritableKeyPath<ClassifySettings, Value?>) {
            if let value = self[keyPath: path] { merged[keyPath: path] = value }
        }
        take(\.provider)
        take(\.model)
        take(\.concurrency)
        take(\.requestsPerMinute)
        take(\.inputTokensPerMinute)
        take(\.outputTokensPerMinute)
        take(\.limit)
        take(\.since)
        take(\.until)
        take(\.relabel)
        take(\.minConfidence)
        take(\.includeManual)
        take(\.redact)
        take(\.taxonomyFile)
        take(\.trainingFile)
        take(\.batch)
        take(\.batchSize)
        take(\.wait)
        take(\.pollInterval)
        return merged
    }

    /// Bounds beyond any account's limits, which keep the pacing arithmetic finite.
    public static let maximumConcurrency = 512
    public static let maximumPerMinute = 1e9

    /// What is wrong with these settings, for the flag or key that set it; nil when they are fine.
    public func problem() -> (setting: String, reason: String)? {
        if let concurrency, !(1...Self.maximumConcurrency).contains(concurrency) {
            return ("concurrency", "must be between 1 and \(Self.maximumConcurrency)")
        }
        for (name, value) in [("rpm", requestsPerMinute), ("itpm", inputTokensPerMinute), ("otpm", outputTokensPerMinute)] {
            if let value, !(value > 0) { return (name, "must be positive") }
            if let value, !(value <= Self.maximumPerMinute) { return (name, "must be at most \(Int(Self.maximumPerMinute))") }
        }
        if let limit, limit < 0 { return ("limit", "must be 0 or more") }
        if let minConfidence, !(0...1).contains(minConfidence) { return ("min_confidence", "must be between 0 and 1") }
        if includeManual == true, relabel != true { return ("include_manual", "needs relabel: it widens what --relabel replaces") }
        if let batchSize, !(1...BatchOptions.maximumRequests).contains(batchSize) {
            return ("batch_size", "must be between 1 and \(BatchOptions.maximumRequests)")
        }
        if let pollInterval, !(pollInterval > 0 && pollInterval <= 86_400) {
            return ("poll_interval", "must be more than 0 and at most 86400 seconds")
        }
        if batch == true, provider == .local { return ("batch", "batches classify with Claude: not with provider local") }
        return nil
    }

    /// The run these settings describe, every unset setting at its default.
    public func makeJob(store: TicketStore, environment: [String: String], logger: Logger) -> ClassifyJob {
        var job = ClassifyJob(store: store, environment: environment, logger: logger)
        if let provider { job.provider = provider }
        job.model = model
        if let redact { job.redact = redact }
        job.taxonomyFile = taxonomyFile
        job.trainingFile = trainingFile
        if let concurrency { job.options.concurrency = concurrency }
        job.options.limit = limit
        job.options.since = since
        job.options.until = until
        if let relabel { job.options.relabel = relabel }
        job.options.minConfidence = minConfidence
        if let includeManual { job.options.includeManual = includeManual }
        // A budget the user gave caps what the server says; the defaults only say where pacing starts.
        if let requestsPerMinute {
            job.limits.requestsPerMinute = requestsPerMinute
            job.limits.explicit.insert(.requests)
        }
        if let inputTokensPerMinute {
            job.limits.inputTokensPerMinute = inputTokensPerMinute
            job.limits.explicit.insert(.inputTokens)
        }
        if let outputTokensPerMinute {
            job.limits.outputTokensPerMinute = outputTokensPerMinute
            job.limits.explicit.insert(.outputTokens)
        }
        if batch == true {
            var options = BatchOptions()
            if let batchSize { options.batchSize = batchSize }
            if let wait { options.wait = wait }
            if let pollInterval { options.pollInterval = .milliseconds(Int64(pollInterval * 1000)) }
            job.batch = options
        }
        return job
    }
}
