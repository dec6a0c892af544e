import ArgumentParser
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

/// The documented exit statuses, and the one place errors become them.
enum ExitStatus {
    static let ok: Int32 = 0
    static let failure: Int32 = 1
    static let rowsRejected: Int32 = 3
    /// An evaluation missed a figure of --fail-under.
    static let belowThreshold: Int32 = 4
    static let locked: Int32 = 75
    static let interrupted: Int32 = 130
    static let terminated: Int32 = 143

    /// Stops a classification (synchronous or by batches) that left tickets unlabeled: 3 when some were labeled,
    /// 1, saying `why`, when none were.
    static func check(_ result: ClassifySummary.Result, nothingLabeled why: String) throws {
        switch result {
        case .complete: break
        case .partial: throw ExitCode(rowsRejected)
        case .nothingLabeled:
            Output.failure(why)
            throw ExitCode(failure)
        }
    }

    /// Prints `error` on stderr and returns the exit code to stop with.
    static func report(_ error: Error) -> ExitCode {
        switch error {
        case let exit as ExitCode:
            return exit
        case let error where StoreError.isLocked(error):
            Output.failure("\(error)")
            return ExitCode(locked)
        default:
            Output.failure("\(error)")
            return ExitCode(failure)
        }
    }
}
