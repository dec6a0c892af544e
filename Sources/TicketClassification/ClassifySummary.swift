import TicketModel
import TicketDatabase
import TicketImport

/// What a `classify` run did; printed on stderr, and as JSON on stdout with `--json`.
public struct ClassifySummary: Codable, Sendable, Equatable {
    public var provider: String
    public var model: String
    public var candidates = 0
    public var labeled = 0
    public var failed = 0
    /// Tickets labeled by reusing an earlier answer for identical text (no request made).
    public var skipped = 0
    /// Tickets answered less surely than `--min-confidence`: in the review queue, their labels not applied.
    public var queuedForReview = 0
    /// Failed tickets whose text the model has now twice answered with no usable label: in the review queue
    /// without a suggestion, not sent again until a person labels them.
    public var setAside = 0
    public var requests = 0
    public var retries = 0
    public var rateLimited = 0
    public var inputTokens = 0
    public var outputTokens = 0
    public var cacheReadTokens = 0
    public var cacheWriteTokens = 0
    /// nil when the model's price is unknown.
    public var costUSD: Double? = 0
    public var elapsedSeconds = 0.0
    public var requestsPerMinute = 0.0
    /// The request rate the pacing had settled on at the end (requests per minute); nil without an API.
    public var effectiveRequestsPerMinute: Double?
    /// Why the last ticket that failed did (for the error when none could be labeled).
    public var lastFailure: String?
    /// Set when the run stopped early: "interrupted", or the fatal error.
    public var stoppedBecause: String?

    public init(provider: String, model: String) {
        self.provider = provider
        self.model = model
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, candidates, labeled, failed, skipped, requests, retries
        case queuedForReview = "queued_for_review"
        case setAside = "set_aside"
        case rateLimited = "rate_limited"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheReadTokens = "cache_read_tokens"
        case cacheWriteTokens = "cache_write_tokens"
        case costUSD = "cost_usd"
        case elapsedSeconds = "elapsed_s"
        case requestsPerMinute = "requests_per_minute"
        case effectiveRequestsPerMinute = "effective_rpm"
        case stoppedBecause = "stopped_because"
        case lastFailure = "last_failure"
    }

    /// How the run ended, for cron: every candidate labeled (or reused), some failed while the rest were stored,
    /// or none could be labeled although some were tried.
    public enum Result: Sendable, Equatable {
        case complete
        case partial
        case nothingLabeled
    }

    public var result: Result {
        if failed == 0 { return .complete }
        return labeled + skipped + queuedForReview == 0 ? .nothingLabeled : .partial
    }

    /// Why nothing was labeled, for the error of a `nothingLabeled` run.
    public var failureDescription: String {
        "none of the \(failed) tickets tried could be classified: \(lastFailure ?? "unknown")"
    }

    /// A classify step's result, for a job: it failed (this throws) when nothing was labeled and no signal stopped
    /// it; true when some tickets were left unlabeled while others were stored.
    public static func leftUnlabeled(_ result: Result, stoppedBecause: String?, failure: String) throws -> Bool {
        if result == .nothingLabeled, stoppedBecause == nil { throw ClassificationError.invalidConfiguration(failure) }
        return result == .partial
    }

    mutating func add(_ outcome: ClassificationOutcome, reused: Bool, queued: Bool = false, setAside: Bool = false) {
        if queued {
            queuedForReview += 1
        } else if reused {
            skipped += 1
        } else {
            switch outcome.result {
            case .labeled: labeled += 1
            case .failed(let reason):
                failed += 1
                if setAside { self.setAside += 1 }
                lastFailure = reason
            }
        }
        guard !reused else { return }
        addCalls(outcome.calls)
    }

    /// Counts requests made, their tokens and cost: also those of an answer that stopped the run, whose ticket is
    /// counted neither labeled nor failed (it stays a candidate).
    mutating func addCalls(_ calls: [CallRecord]) {
        for call in calls where call.httpStatus != nil || provider != "local" {
            requests += 1
            if call.wasRateLimited { rateLimited += 1 }
        }
        retries += max(0, calls.count - 1)
        for call in calls {
            inputTokens += call.usage.inputTokens
            outputTokens += call.usage.outputTokens
            cacheReadTokens += call.usage.cacheReadInputTokens
            cacheWriteTokens += call.usage.cacheCreationInputTokens
            // A request that got no answer (a connection failure) was not billed: it costs nothing, not "unknown".
            let cost = call.costUSD ?? (call.httpStatus == nil && call.usage == .zero ? 0 : nil)
            if let cost, let total = costUSD { costUSD = total + cost } else if cost == nil { costUSD = nil }
        }
    }
}
