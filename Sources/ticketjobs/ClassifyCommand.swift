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

struct ClassifyCommand: AsyncParsableCommand, SummarizedAsJSON {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Label tickets that lack a category or priority, with Claude or the local classifier.",
        discussion: """
            With --provider auto (the default) Claude is used when ANTHROPIC_API_KEY or LLM_API_KEY is set \
            (ANTHROPIC_BASE_URL overrides the endpoint), else the local classifier trained on the labeled tickets. \
            Re-runs skip labeled tickets and reuse answers for identical text. SIGINT/SIGTERM stop scheduling, \
            store what is in flight and exit 130/143. Exit status: 0 every candidate labeled, 3 some failed (the \
            rest are stored), 1 none could be labeled or the run could not proceed.

            --batch sends the candidates through the Message Batches API instead: half the price, results within \
            24 hours. It first collects batches that have ended, then submits the rest; with --wait it polls until \
            they end and collects them, else a later run (or 'ticketjobs batches collect') does. Tickets waiting in a \
            batch are not sent again meanwhile.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "auto, anthropic or local.")
    var provider: ClassifierProvider = .auto
    @Option(help: "The Anthropic model (default claude-haiku-4-5).")
    var model: String?
    @Option(parsing: .unconditional, help: "Requests in flight at most (default \(ClassifyOptions().concurrency)).")
    var concurrency: Int?
    @Option(parsing: .unconditional, help: "Requests per minute allowed (default \(Int(RateLimits().requestsPerMinute))).")
    var rpm: Double?
    @Option(parsing: .unconditional, help: "Input tokens per minute allowed (default \(Int(RateLimits().inputTokensPerMinute))).")
    var itpm: Double?
    @Option(parsing: .unconditional, help: "Output tokens per minute allowed (default \(Int(RateLimits().outputTokensPerMinute))).")
    var otpm: Double?
    @Option(parsing: .unconditional, help: "Classify at most N tickets.")
    var limit: Int?
    @Option(help: "Only tickets created on or after this date.")
    var since: String?
    @Option(help: "Only tickets created up to this date (inclusive).")
    var until: String?
    @Flag(help: "Also replace labels an earlier classification set.")
    var relabel = false
    @Flag(help: "With --relabel: also replace labels a person set (manual), which nothing else replaces.")
    var includeManual = false
    @Option(parsing: .unconditional, help: "Leave answers less sure than this (0 to 1) unapplied, in the review queue ('ticketjobs review export').")
    var minConfidence: Double?
    @Flag(help: "Mask e-mail addresses, phone and card numbers before text leaves the machine.")
    var redact = false
    @Option(help: "A taxonomy file with your own definitions of each category and priority.")
    var taxonomy: String?
    @Option(help: "Train the local classifier on this labeled export instead of the database.")
    var train: String?
    @Flag(help: "Classify through the Message Batches API (half price, results within 24 hours).")
    var batch = false
    @Option(parsing: .unconditional, help: "Requests per batch at most, 1 to 100000 (with --batch; default \(BatchOptions().batchSize)).")
    var batchSize: Int?
    @Flag(inversion: .prefixedNo, help: "With --batch: wait until the batches end and collect them (default: do not; a later run collects).")
    var wait = false
    @Option(parsing: .unconditional, help: "With --batch --wait: seconds between the first polls (default \(Int(BatchOptions().pollInterval.components.seconds))); the wait doubles up to 10 minutes.")
    var pollInterval: Double?
    @Flag(help: "Print what would be sent and its estimated cost; send nothing.")
    var dryRun = false
    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    /// The flags as settings; what they leave unset takes its default in `ClassifySettings.makeJob`.
    func settings() throws -> ClassifySettings {
        var settings = ClassifySettings()
        settings.provider = provider
        settings.model = model
        settings.concurrency = concurrency
        settings.requestsPerMinute = rpm
        settings.inputTokensPerMinute = itpm
        settings.outputTokensPerMinute = otpm
        settings.limit = limit
        (settings.since, settings.until) = try DateArgument.window(since: since, until: until)
        // A flag left off says nothing (its default is the settings'), so that it never overrides a job file.
        settings.relabel = relabel ? true : nil
        settings.minConfidence = minConfidence
        settings.includeManual = includeManual ? true : nil
        settings.redact = redact ? true : nil
        settings.taxonomyFile = taxonomy
        settings.trainingFile = train
        settings.batch = batch ? true : nil
        settings.batchSize = batchSize
        settings.wait = wait ? true : nil
        settings.pollInterval = pollInterval
        return settings
    }

    func validate() throws {
        try PathArgument.requireNonEmpty(taxonomy, "--taxonomy")
        try PathArgument.requireNonEmpty(train, "--train")
        if batch, provider == .local { throw ValidationError("--batch needs Claude: drop --provider local") }
        if let (setting, reason) = try settings().problem() {

            throw ValidationError("--\(setting.replacingOccurrences(of: "_", with: "-")) \(reason)")
        }
    }

    func run() async throws {
        let logger = global.makeLogger("classify", repeatedOnStdout: ["classification started", "classification finished"])
        do {
            let job = try settings().makeJob(
                store: try global.openStore(), environment: ProcessInfo.processInfo.environment, logger: logger)
            if batch, !dryRun {
                try await runBatch(job)
                return
            }
            if dryRun {
                let estimate = try job.estimate()
                if json {
                    try Output.printJSON(estimate)
                } else {
                    Output.line(
                        "would classify \(Output.counted(estimate.tickets, "ticket")) with \(estimate.model) (\(estimate.reusable) reuse earlier answers): "
                            + "~\(estimate.inputTokens) input, ~\(estimate.outputTokens) output, \(estimate.cacheWriteTokens) cache-write, "
                            + "\(estimate.cacheReadTokens) cache-read tokens; estimated cost "
                            + (estimate.costUSD.map { String(format: "$%.4f", $0) } ?? "unknown (no price for this model)"))
                }
                return
            }
            let signals = SignalCancellation(logger: logger)
            let jobCopy = job
            let task = Task { () async throws -> ClassifySummary in
                try await jobCopy.run { ProgressLine.shared.update(Self.describe($0)) }
            }
            signals.install(cancelling: task)
            let summary: ClassifySummary
            do {
                summary = try await task.value
            } catch let stopped as ClassificationRunError {
                ProgressLine.shared.clear()
                try report(stopped.summary)
                throw stopped.error
            }
            ProgressLine.shared.clear()
            try report(summary)
            if let status = signals.exitStatus { throw ExitCode(status) }
            try ExitStatus.check(summary.result, nothingLabeled: summary.failureDescription)
        } catch {
            throw ExitStatus.report(error)
        }
    }

    /// The progress line of a classification so far.
    static func describe(_ summary: ClassifySummary) -> String {
        "classifying: \(summary.labeled + summary.failed + summary.skipped)/\(summary.candidates), "
            + "\(summary.requests) requests, \(summary.rateLimited) rate-limited"
    }

    /// The progress line of a batch run so far.
    static func describe(_ summary: BatchSummary) -> String {
        "batches: \(summary.batchesSubmitted) submitted (\(summary.submittedTickets) tickets), "
            + "\(summary.batchesCollected) collected, \(summary.labeled) labeled"
    }

    private func runBatch(_ job: ClassifyJob) async throws {
        let signals = SignalCancellation(logger: job.logger)
        let task = Task { () async throws -> BatchSummary in
            try await job.runBatch { ProgressLine.shared.update(Self.describe($0)) }
        }
        // Stopped while waiting (between retries, for another classification): what was stored stays; the batches go
        // on at the API.
        let summary = try await signals.value(of: task)
        ProgressLine.shared.clear()
        if json { try Output.printJSON(summary) } else { Output.line(BatchSummaryText.describe(summary)) }
        if let status = signals.exitStatus { throw ExitCode(status) }
        try ExitStatus.check(summary.result, nothingLabeled: summary.failureDescription)
    }

    private func report(_ summary: ClassifySummary) throws {
        if json { return try Output.printJSON(summary) }
        Output.line(
            "classified with \(summary.provider) (\(summary.model)): \(summary.candidates) candidates, \(summary.labeled) labeled, "
                + "\(summary.failed) failed"
                + (summary.setAside > 0 ? " (\(summary.setAside) set aside for a person: no usable answer, twice)" : "")
                + ", \(summary.skipped) reused"
                + (summary.queuedForReview > 0 ? ", \(summary.queuedForReview) queued for review" : "") + "; "
                + "\(summary.requests) requests, \(summary.retries) retries, "
                + "\(summary.rateLimited) rate-limited; tokens in \(summary.inputTokens) out \(summary.outputTokens) "
                + "cache-read \(summary.cacheReadTokens) cache-write \(summary.cacheWriteTokens); cost "
                + (summary.costUSD.map { String(format: "$%.4f", $0) } ?? "unknown (no price for this model)")
                + String(format: "; %.1f s", summary.elapsedSeconds)
                + (summary.stoppedBecause.map { "; stopped: \($0)" } ?? ""))
    }
}

extension ClassifierProvider: ExpressibleByArgument {}
