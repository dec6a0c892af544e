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

    /// Loads and validates a job file; errors name the file, line and key. Each part that can be checked on its
    /// own (the version, name, schedule, time zone, each step, monitoring) is: one problem is thrown as it is,
    /// several as `JobFileProblems`.
    public static func load(path: String) throws -> JobDefinition {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            // `run jobs/`: the folder `schedule` takes. Say which files in it are jobs, and what runs them all.
            let jobs = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
            let listed = jobs.prefix(4).joined(separator: ", ") + (jobs.count > 4 ? ", …" : "")
            let named = jobs.isEmpty ? "it holds no .yml file" : "name one of its jobs (\(listed))"
            throw ConfigError(
                file: path, line: nil, key: nil,
                reason: "is a folder, not a job file: \(named); 'ticketjobs schedule \(path)' runs a folder's jobs on "
                    + "their schedules")
        }
        let root = try ConfigNode.load(path: path)
        let keys = try root.mapping(allowed: [
            "version", "name", "schedule", "timezone", "catch_up", "steps", "description", "monitoring",
        ])
        var problems: [any Error] = []
        func checked<T>(_ body: () throws -> T) -> T? {
            do { return try body() } catch {
                problems.append(error)
                return nil
            }
        }
        _ = checked {
            guard let version = keys["version"] else { throw root.error("missing 'version' (this tool reads version \(supportedVersion))") }
            guard try version.int() == supportedVersion else {
                throw version.error("unsupported version (this tool reads version \(supportedVersion))")
            }
        }
        let name = checked { () throws -> String in
            let name = try keys["name"]?.string() ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw (keys["name"] ?? root).error("a job name uses letters, digits, '-' and '_' only")
            }
            return name
        }
        let schedule = checked { () throws -> CronSchedule? in
            guard let node = keys["schedule"] else { return nil }
            do { return try CronSchedule(try node.string()) } catch let error as CronError { throw node.error(error.description) }
        } ?? nil
        let timeZone = checked { try keys["timezone"]?.timeZone() ?? TimeZone(identifier: "UTC")! }
        let catchUp = checked { try keys["catch_up"]?.bool() ?? false }
        let stepNodes = checked { () throws -> [ConfigNode] in
            guard let stepsNode = keys["steps"] else { throw root.error("missing 'steps'") }
            let nodes = try stepsNode.list()
            guard !nodes.isEmpty else { throw stepsNode.error("a job needs at least one step") }
            return nodes
        } ?? []
        let parsed = stepNodes.map { node in checked { try JobStep.parse(node) } }
        var job = JobDefinition(
            name: name ?? "", file: path, schedule: schedule, timeZone: timeZone ?? TimeZone(identifier: "UTC")!,
            catchUp: catchUp ?? false, baseDirectory: URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent(),
            steps: parsed.compactMap { $0 })
        // A mapping is configuration, there when the job is written (unlike the exports it reads): a mistyped
        // preset or a broken mapping file is named now, not at the first nightly run.
        for (node, step) in zip(stepNodes, parsed) {
            guard case .importFiles(let spec)? = step?.command, spec.mapping != nil else { continue }
            _ = checked {
                do { _ = try job.mapping(spec.mapping) } catch { throw node.error("import.mapping: \(error)") }
            }
        }
        if let node = keys["monitoring"], let monitoring = checked({ try JobMonitoring(node) }) {
            job.monitoring = monitoring
            // A trailing slash says "a folder" even before it exists; resolving would drop it.
            job.monitoring.metricsFile = job.monitoring.metricsFile.map { $0.hasSuffix("/") ? job.resolve($0) + "/" : job.resolve($0) }
        }
        switch problems.count {
        case 0: return job
        case 1: throw problems[0]
        default:
            // In the file's order, as a person fixes them.
            let line = { (error: any Error) in (error as? ConfigError)?.line ?? Int.max }
            throw JobFileProblems(file: path, problems: problems.enumerated().sorted { (line($0.element), $0.offset) < (line($1.element), $1.offset) }.map(\.element))
        }
    }

    /// The mapping a step names: a preset, or a file relative to the job file.
    public func mapping(_ nameOrPath: String?) throws -> ColumnMapping {
        guard let nameOrPath, ColumnMapping.preset(named: nameOrPath) == nil else { return try ColumnMapping.resolve(nameOrPath) }
        let path = resolve(nameOrPath)
        // A bare word that is no preset and no file beside the job is a mistyped preset: named as written.
        if !nameOrPath.contains("/"), !nameOrPath.contains("."), !FileManager.default.fileExists(atPath: path) {
            throw ImportError.unknownMapping(name: nameOrPath)
        }
        return try ColumnMapping.resolve(path)
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
