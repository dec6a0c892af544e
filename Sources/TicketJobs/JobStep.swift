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

/// `import` in a job: `paths` may be globs; files imported before and unchanged since are skipped.
public struct ImportStep: Sendable {
    public var paths: [String]
    public var format: ImportFormat?
    public var mapping: String?
    public var timezone: String?
    public var maxRejects: Int?
    public var rejects: String?
    public var maxFieldBytes: Int?
    public var encoding: String?
    public var delimiter: CSVDelimiter = .auto
    /// Fail the step when its paths match no file. Default false: a warning, and `files=0`.
    public var requireFiles = false

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: [
            "paths", "format", "mapping", "timezone", "max_rejects", "rejects", "max_field_bytes", "require_files",
            "encoding", "delimiter",
        ])
        guard let paths = keys["paths"] else { throw node.error("missing 'paths'") }
        self.paths = try paths.strings()
        if let format = keys["format"] {
            guard let parsed = ImportFormat(rawValue: try format.string()) else { throw format.error("expected csv or jsonl") }
            self.format = parsed
        }
        mapping = try keys["mapping"]?.string()
        timezone = try keys["timezone"].map { try $0.timeZone(); return try $0.string() }
        maxRejects = try keys["max_rejects"]?.int()
        if let maxRejects, maxRejects < 0, let node = keys["max_rejects"] { throw node.error("must be 0 or more") }
        rejects = try keys["rejects"]?.string()
        maxFieldBytes = try keys["max_field_bytes"]?.int()
        if let maxFieldBytes, maxFieldBytes < 1, let node = keys["max_field_bytes"] { throw node.error("must be 1 or more") }
        requireFiles = try keys["require_files"]?.bool() ?? false
        if let node = keys["encoding"] {
            encoding = try node.string()
            do { try ByteSource.checkEncoding(encoding!) } catch { throw node.error("\(error)") }
        }
        if let node = keys["delimiter"] {
            guard let parsed = CSVDelimiter(argument: try node.string()) else { throw node.error("expected auto, ',', ';', tab or '|'") }
            delimiter = parsed
        }
    }
}

/// `classify` in a job: the settings of its flags, under the same names (`rpm`, `batch_size`…).
public struct ClassifyStep: Sendable {
    public var settings = ClassifySettings()

    init(_ node: ConfigNode) throws {
        if node.isNull { return }
        let keys = try node.mapping(allowed: [
            "provider", "model", "concurrency", "limit", "rpm", "itpm", "otpm", "redact", "train", "taxonomy", "batch",
            "batch_size", "wait", "min_confidence", "relabel", "include_manual",
        ])
        if let provider = keys["provider"] {
            guard let parsed = ClassifierProvider(rawValue: try provider.string()) else {
                throw provider.error("expected auto, anthropic or local")
            }
            settings.provider = parsed
        }
        settings.model = try keys["model"]?.string()
        settings.concurrency = try keys["concurrency"]?.int()
        settings.limit = try keys["limit"]?.int()
        settings.requestsPerMinute = try keys["rpm"]?.double()
        settings.inputTokensPerMinute = try keys["itpm"]?.double()
        settings.outputTokensPerMinute = try keys["otpm"]?.double()
        settings.redact = try keys["redact"]?.bool()
        settings.trainingFile = try keys["train"]?.string()
        settings.taxonomyFile = try keys["taxonomy"]?.string()
        settings.batch = try keys["batch"]?.bool()
        settings.batchSize = try keys["batch_size"]?.int()
        settings.wait = try keys["wait"]?.bool()
        settings.minConfidence = try keys["min_confidence"]?.double()
        settings.relabel = try keys["relabel"]?.bool()
        settings.includeManual = try keys["include_manual"]?.bool()
        if let (setting, reason) = settings.problem() { throw (keys[setting] ?? node).error(reason) }
        for key in ["batch_size", "wait"] where settings.batch != true {
            if let node = keys[key] { throw node.error("needs 'batch: true'") }
        }
    }
}

/// `report` in a job.
public struct ReportStep: Sendable {
    public var period: String
    public var timezone: String?
    public var format = "html,json"
    public var out = "reports"

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["period", "timezone", "format", "out"])
        guard let period = keys["period"] else { throw node.error("missing 'period'") }
        self.period = try period.string()
        do {
            _ = try ReportPeriod.parse(self.period, now: Date(), timeZone: TimeZone(identifier: "UTC")!)
        } catch { throw period.error("\(error)") }
        timezone = try keys["timezone"].map { try $0.timeZone(); return try $0.string() }
        if let format = keys["format"] {
            self.format = try format.string()
            do { _ = try ReportWriter.formats(self.format) } catch { throw format.error("\(error)") }
        }
        out = try keys["out"]?.string() ?? out
    }
}

/// `evaluate` in a job: the settings of its flags, under the same names.
public struct EvaluateStep: Sendable {
    public var settings: EvaluationSettings

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: [
            "fixtures", "provider", "model", "train", "mapping", "split", "seed", "limit", "out", "baseline",
            "concurrency", "rpm", "taxonomy", "fail_under",
        ])
        guard let fixtures = keys["fixtures"] else { throw node.error("missing 'fixtures'") }
        settings = EvaluationSettings(fixtures: try fixtures.string())
        // One or several, as a list or "local,anthropic".
        func items(_ node: ConfigNode) throws -> [String] {
            try node.strings().flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        if let provider = keys["provider"] {
            settings.providers = try items(provider).map { name in
                guard let parsed = ClassifierProvider(rawValue: name), parsed != .auto else {
                    throw provider.error("expected anthropic or local")
                }
                return parsed
            }
        }
        if let model = keys["model"] { settings.models = try items(model) }
        if let failUnder = keys["fail_under"] {
            settings.failUnder = try items(failUnder).map { text in
                switch EvaluationThreshold.parse(text) {
                case .success(let threshold): return threshold
                case .failure(let error): throw failUnder.error("\(error)")
                }
            }
        }
        settings.trainingFile = try keys["train"]?.string()
        settings.mapping = try keys["mapping"]?.string()
        settings.split = try keys["split"]?.double()
        if let seed = keys["seed"] { settings.seed = UInt64(max(0, try seed.int())) }
        settings.limit = try keys["limit"]?.int()
        settings.outputDirectory = try keys["out"]?.string()
        settings.baseline = try keys["baseline"]?.string()
        settings.concurrency = try keys["concurrency"]?.int()
        settings.requestsPerMinute = try keys["rpm"]?.double()
        settings.taxonomyFile = try keys["taxonomy"]?.string()
        if let (setting, reason) = settings.problem() { throw (keys[setting] ?? node).error(reason) }
    }
}

/// `export` in a job.
public struct ExportStep: Sendable {
    public var out: String
    /// Default: `ExportOptions`'.
    public var format: ImportFormat?

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["out", "format"])
        guard let out = keys["out"] else { throw node.error("missing 'out'") }
        self.out = try out.string()
        if let format = keys["format"] {
            guard let parsed = ImportFormat(rawValue: try format.string()) else { throw format.error("expected csv or jsonl") }
            self.format = parsed
        }
    }
}
