import Foundation
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation

/// A job file: a named list of steps, optionally on a schedule. See `jobs/` and the README for the format.
public struct JobDefinition: Sendable {
    public static let supportedVersion = 1

    public var name: String
    public var file: String
    public var schedule: CronSchedule?
    public var timeZone: TimeZone
    /// Run once at scheduler start when a scheduled time passed while it was down.
    public var catchUp: Bool
    /// Relative paths in steps are resolved against this folder: the job file's own.
    public var baseDirectory: URL
    public var steps: [JobStep]
    /// Pings and the metrics file (the `monitoring:` section; `run --ping-url/--metrics-file` set it too).
    public var monitoring = JobMonitoring()

    /// Whether a step stores tickets: only such a job may create the database.
    public var importsTickets: Bool {
        steps.contains { if case .importFiles = $0.command { true } else { false } }
    }

    /// Loads and validates a job file; errors name the file, line and key.
    public static func load(path: String) throws -> JobDefinition {
        let root = try ConfigNode.load(path: path)
        let keys = try root.mapping(allowed: [
            "version", "name", "schedule", "timezone", "catch_up", "steps", "description", "monitoring",
        ])
        guard let version = keys["version"] else { throw root.error("missing 'version' (this tool reads version \(supportedVersion))") }
        guard try version.int() == supportedVersion else {
            throw version.error("unsupported version (this tool reads version \(supportedVersion))")
        }
        let name = try keys["name"]?.string() ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw (keys["name"] ?? root).error("a job name uses letters, digits, '-' and '_' only")
        }
        var schedule: CronSchedule?
        if let node = keys["schedule"] {
            do { schedule = try CronSchedule(try node.string()) } catch let error as CronError { throw node.error(error.description) }
        }
        var timeZone = TimeZone(identifier: "UTC")!
        if let node = keys["timezone"] { timeZone = try node.timeZone() }
        guard let stepsNode = keys["steps"] else { throw root.error("missing 'steps'") }
        let stepNodes = try stepsNode.list()
        let steps = try stepNodes.map(JobStep.parse)
        guard !steps.isEmpty else { throw stepsNode.error("a job needs at least one step") }
        var job = JobDefinition(
            name: name, file: path, schedule: schedule, timeZone: timeZone, catchUp: try keys["catch_up"]?.bool() ?? false,
            baseDirectory: URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent(), steps: steps)
        // A mapping is configuration, there when the job is written (unlike the exports it reads): a mistyped
        // preset or a broken mapping file is named now, not at the first nightly run.
        for (node, step) in zip(stepNodes, steps) {
            guard case .importFiles(let spec) = step.command, spec.mapping != nil else { continue }
            do { _ = try job.mapping(spec.mapping) } catch { throw node.error("import.mapping: \(error)") }
        }
        if let node = keys["monitoring"] {
            job.monitoring = try JobMonitoring(node)
            // A trailing slash says "a folder" even before it exists; resolving would drop it.
            job.monitoring.metricsFile = job.monitoring.metricsFile.map { $0.hasSuffix("/") ? job.resolve($0) + "/" : job.resolve($0) }
        }
        return job
    }

    /// The mapping a step names: a preset, or a file relative to the job file.
    public func mapping(_ nameOrPath: String?) throws -> ColumnMapping {
        try ColumnMapping.resolve(nameOrPath.map { ColumnMapping.preset(named: $0) != nil ? $0 : resolve($0) })
    }

    /// The import paths (with their step's line) that match no file now.
    public func importPathsMatchingNothing() -> [(line: Int?, pattern: String)] {
        steps.flatMap { step -> [(line: Int?, pattern: String)] in
            guard case .importFiles(let spec) = step.command else { return [] }
            return spec.paths.filter { pattern in
                // A literal path comes back from `expand` as it is, there or not.
                !Glob.expand(resolve(pattern)).contains { FileManager.default.fileExists(atPath: $0) }
            }.map { (step.line, $0) }
        }
    }

    /// `path` made absolute against the job file's folder.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : baseDirectory.appendingPathComponent(path).standardizedFileURL.path
    }
}
