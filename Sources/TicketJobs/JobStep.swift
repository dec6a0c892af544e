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

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["paths", "format", "mapping", "timezone", "max_rejects", "rejects"])
        guard let paths = keys["paths"] else { throw node.error("missing 'paths'") }
        self.paths = try paths.strings()
        if let format = keys["format"] {
            guard let parsed = ImportFormat(rawValue: try format.string()) else { throw format.error("expected csv or jsonl") }
            self.format = parsed
        }
        mapping = try keys["mapping"]?.string()
        if let zone = keys["timezone"] {
            let name = try zone.string()
            guard TimeZone(identifier: name) != nil else { throw zone.error("unknown time zone") }
            timezone = name
        }
        maxRejects = try keys["max_rejects"]?.int()
        rejects = try keys["rejects"]?.string()
    }
}

/// `classify` in a job.
public struct ClassifyStep: Sendable {
    public var provider: ClassifierProvider = .auto
    public var model: String?
    public var concurrency: Int?
    public var limit: Int?
    public var rpm: Double?
    public var itpm: Double?
    public var otpm: Double?
    public var redact = false
    public var train: String?
    public var taxonomy: String?
    /// Through the Message Batches API: `batch: true`, with `batch_size` and `wait`.
    public var batch = false
    public var batchSize: Int?
    public var wait = false

    init(_ node: ConfigNode) throws {
        if node.isNull { return }
        let keys = try node.mapping(allowed: [
            "provider", "model", "concurrency", "limit", "rpm", "itpm", "otpm", "redact", "train", "taxonomy", "batch", "batch_size", "wait",
        ])
        if let provider = keys["provider"] {
            guard let parsed = ClassifierProvider(rawValue: try provider.string()) else { throw provider.error("expected auto, anthropic or local") }
            self.provider = parsed
        }
        model = try keys["model"]?.string()
        concurrency = try keys["concurrency"]?.int()
        if let concurrency, concurrency < 1 { throw keys["concurrency"]!.error("must be at least 1") }
        limit = try keys["limit"]?.int()
        rpm = try keys["rpm"]?.double()
        itpm = try keys["itpm"]?.double()
        otpm = try keys["otpm"]?.double()
        redact = try keys["redact"]?.bool() ?? false
        train = try keys["train"]?.string()
        taxonomy = try keys["taxonomy"]?.string()
        batch = try keys["batch"]?.bool() ?? false
        if batch, provider == .local { throw keys["batch"]!.error("batches classify with Claude: not with provider local") }
        if let size = keys["batch_size"] {
            let value = try size.int()
            guard (1...BatchOptions.maximumRequests).contains(value) else { throw size.error("must be between 1 and \(BatchOptions.maximumRequests)") }
            guard batch else { throw size.error("needs 'batch: true'") }
            batchSize = value
        }
        if let wait = keys["wait"] {
            self.wait = try wait.bool()
            guard batch else { throw wait.error("needs 'batch: true'") }
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
        timezone = try keys["timezone"]?.string()
        if let format = keys["format"] {
            self.format = try format.string()
            do { _ = try ReportWriter.formats(self.format) } catch { throw format.error("\(error)") }
        }
        out = try keys["out"]?.string() ?? out
    }
}

/// `evaluate` in a job.
public struct EvaluateStep: Sendable {
    public var fixtures: String
    public var provider: ClassifierProvider = .local
    public var model: String?
    public var train: String?
    public var mapping: String?
    public var split: Double?
    public var seed: UInt64 = 42
    public var limit: Int?
    public var out = "reports"

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["fixtures", "provider", "model", "train", "mapping", "split", "seed", "limit", "out"])
        guard let fixtures = keys["fixtures"] else { throw node.error("missing 'fixtures'") }
        self.fixtures = try fixtures.string()
        if let provider = keys["provider"] {
            guard let parsed = ClassifierProvider(rawValue: try provider.string()), parsed != .auto else {
                throw provider.error("expected anthropic or local")
            }
            self.provider = parsed
        }
        model = try keys["model"]?.string()
        train = try keys["train"]?.string()
        mapping = try keys["mapping"]?.string()
        if let split = keys["split"] {
            let value = try split.double()
            guard value > 0, value < 1 else { throw split.error("must be between 0 and 1") }
            self.split = value
        }
        if let seed = keys["seed"] { self.seed = UInt64(max(0, try seed.int())) }
        limit = try keys["limit"]?.int()
        out = try keys["out"]?.string() ?? out
    }
}

/// `export` in a job.
public struct ExportStep: Sendable {
    public var out: String
    public var format: ImportFormat = .csv

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
