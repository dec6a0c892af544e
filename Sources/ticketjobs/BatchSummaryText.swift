import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

/// The one-paragraph account of a batch run that `classify --batch` and `batches collect` print on stdout.
enum BatchSummaryText {
    static func describe(_ summary: BatchSummary) -> String {
        func money(_ value: Double?) -> String { value.map { String(format: "$%.4f", $0) } ?? "unknown" }
        var parts: [String] = []
        if summary.reconciled + summary.abandoned > 0 {
            parts.append(
                "reconciled \(summary.reconciled) interrupted submission(s), \(summary.abandoned) never reached the API"
            )
        }
        if summary.candidates > 0 || summary.batchesSubmitted > 0 {
            parts.append(
                "submitted \(summary.batchesSubmitted) batch(es): \(summary.submitted) requests for \(summary.submittedTickets) tickets"
                    + " (\(summary.reused) reused earlier answers)")
        }
        let tally = summary.tally
        parts.append(
            "collected \(summary.batchesCollected) batch(es): \(tally.succeeded) succeeded, \(tally.invalid) invalid, "
                + "\(tally.errored) errored, \(tally.expired) expired, \(tally.canceled) canceled; \(summary.labeled) tickets labeled, "
                + (summary.queuedForReview > 0 ? "\(summary.queuedForReview) queued for review, " : "")
                + (summary.setAside > 0 ? "\(summary.setAside) set aside for a person (no usable answer, twice), " : "")
                + "\(summary.released) back among the candidates")
        parts.append("\(summary.batchesPending) batch(es) pending (\(summary.ticketsPending) tickets)")
        parts.append(
            "tokens in \(summary.inputTokens) out \(summary.outputTokens); cost \(money(summary.costUSD)) at batch prices "
                + "(\(money(summary.synchronousCostUSD)) synchronously)")
        if let stopped = summary.stoppedBecause { parts.append("stopped: \(stopped)") }
        return "batch classification with \(summary.model): " + parts.joined(separator: "; ")
    }
}
