import TicketModel
import TicketDatabase
import TicketImport

/// What a `classify --batch` run (or a `batches collect`) did; printed on stderr, and as JSON with `--json`.
public struct BatchSummary: Codable, Sendable, Equatable {
    public var model: String
    /// Tickets that lacked labels when the run started (not counting those already waiting in a batch).
    public var candidates = 0
    /// Labeled from an earlier answer for identical text, paying nothing.
    public var reused = 0
    public var batchesSubmitted = 0
    /// Requests sent (tickets with identical text share one).
    public var submitted = 0
    public var submittedTickets = 0
    /// Lost submissions found at the API after a crash, and those that never reached it.
    public var reconciled = 0
    public var abandoned = 0
    public var batchesCollected = 0
    /// Per paid request in the collected batches.
    public var tally = BatchTally()
    /// Tickets labeled from collected results.
    public var labeled = 0
    /// Tickets back among the candidates (errored, expired, canceled, invalid or changed since submitted).
    public var released = 0
    /// Of `released`, those whose request labeled nothing through nobody's choice (errored, expired, missing from
    /// the results, invalid): a synchronous run's failed tickets.
    public var failed = 0
    /// Answered less surely than --min-confidence: in the review queue, not labeled.
    public var queuedForReview = 0
    /// Of `failed`, tickets whose text the model has now twice answered with no usable label: in the review queue
    /// without a suggestion, not among the candidates (nor in `released`).
    public var setAside = 0
    public var batchesPending = 0
    public var ticketsPending = 0
    public var inputTokens = 0
    public var outputTokens = 0
    public var cacheReadTokens = 0
    public var cacheWriteTokens = 0
    /// At batch prices; nil when the model's price is unknown.
    public var costUSD: Double? = 0
    /// What the same tokens would have cost through the synchronous Messages API.
    public var synchronousCostUSD: Double? = 0
    public var elapsedSeconds = 0.0
    public var stoppedBecause: String?

    public init(model: String) {
        self.model = model
    }

    enum CodingKeys: String, CodingKey {
        case model, candidates, reused, submitted, reconciled, abandoned, tally, labeled, released, failed
        case queuedForReview = "queued_for_review"
        case setAside = "set_aside"
        case batchesSubmitted = "batches_submitted"
        case submittedTickets = "submitted_tickets"
        case batchesCollected = "batches_collected"
        case batchesPending = "batches_pending"
        case ticketsPending = "tickets_pending"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheReadTokens = "cache_read_tokens"
        case cacheWriteTokens = "cache_write_tokens"
        case costUSD = "cost_usd"
        case synchronousCostUSD = "synchronous_cost_usd"
        case elapsedSeconds = "elapsed_s"
        case stoppedBecause = "stopped_because"
    }

    /// Requests of the collected batches that labeled nothing, through nobody's choice: errored, expired, or
    /// answered with no valid label (a cancellation is a person's).
    public var failedRequests: Int { tally.errored + tally.expired + tally.invalid }

    /// As a synchronous run's: complete when no collected request failed; nothing labeled when some failed, none
    /// of the collected ones gave a label (a batch that expired whole, or a model every request named wrongly) and
    /// no batch is left pending either (the failed tickets were not sent again): cron must hear of either as
    /// such, not of a success night after night.
    public var result: ClassifySummary.Result {
        guard failedRequests > 0 else { return .complete }
        let nothing = tally.succeeded == 0 && labeled + reused + queuedForReview == 0 && batchesPending == 0
        return nothing ? .nothingLabeled : .partial
    }

    /// Why nothing was labeled, for the error of a `nothingLabeled` run.
    public var failureDescription: String {
        "none of the \(failedRequests) requests collected gave a label: \(tally.errored) errored, \(tally.expired) "
            + "expired, \(tally.invalid) invalid; their tickets are candidates again"
    }

    mutating func add(usage: TokenUsage, cost: Double?, synchronousCost: Double?) {
        inputTokens += usage.inputTokens
        outputTokens += usage.outputTokens
        cacheReadTokens += usage.cacheReadInputTokens
        cacheWriteTokens += usage.cacheCreationInputTokens
        costUSD = cost.flatMap { cost in costUSD.map { $0 + cost } }
        synchronousCostUSD = synchronousCost.flatMap { cost in synchronousCostUSD.map { $0 + cost } }
    }
}
