import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// One step of a job: a command with the same options as its flags.
public struct JobStep: Sendable {
    public enum Command: Sendable {
        case importFiles(ImportStep)
        case classify(ClassifyStep)
        case report(ReportStep)
        case evaluate(EvaluateStep)
        case export(ExportStep)
    }

    public var command: Command
    /// Let later steps run when this one fails. Default false.
    public var continueOnError: Bool
    /// Where the step is defined, for messages.
    public var line: Int?

    public var name: String {
        switch command {
        case .importFiles: "import"
        case .classify: "classify"
        case .report: "report"
        case .evaluate: "evaluate"
        case .export: "export"
        }
    }

    static func parse(_ node: ConfigNode) throws -> JobStep {
        let commands = ["import", "classify", "report", "evaluate", "export"]
        let keys = try node.mapping(allowed: Set(commands + ["continue_on_error"]))
        let present = commands.filter { keys[$0] != nil }
        guard present.count == 1, let name = present.first, let body = keys[name] else {
            throw node.error("a step names exactly one of: \(commands.joined(separator: ", "))")
        }
        let command: Command =
            switch name {
            case "import": .importFiles(try ImportStep(body))
            case "classify": .classify(try ClassifyStep(body))
            case "report": .report(try ReportStep(body))
            case "evaluate": .evaluate(try EvaluateStep(body))
            default: .export(try ExportStep(body))
            }
        return JobStep(command: command, continueOnError: try keys["continue_on_error"]?.bool() ?? false, line: node.line)
    }
}
