import TicketClassification
import TicketEvaluation
import TicketExport
import TicketImport

/// How far a running job's step is, in the step's own terms, for a progress line: a job run by hand on a
/// terminal shows what its import or classification is doing, as the commands do.
public enum JobProgress: Sendable {
    /// A step began (one without progress of its own, a report say, is shown by this alone).
    case started(step: String, number: Int, of: Int)
    case importing(ImportProgress)
    case classifying(ClassifySummary)
    case collectingBatches(BatchSummary)
    case evaluating(EvaluationProgress)
    case exporting(ExportProgress)
}
