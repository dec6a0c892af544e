/// A figure an evaluation must reach (`--fail-under category.macro_f1=0.8`): a label kind, a metric and the
/// least acceptable value.
public struct EvaluationThreshold: Sendable, Equatable, CustomStringConvertible {
    public static let metrics = ["accuracy", "end_to_end_accuracy", "macro_f1", "weighted_f1", "kappa"]

    public var kind: String
    public var metric: String
    public var minimum: Double

    /// Parses `KIND.METRIC=VALUE`; nil with the reason otherwise.
    public static func parse(_ text: String) -> Result<EvaluationThreshold, ThresholdError> {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let name = parts.first?.split(separator: ".", maxSplits: 1).map(String.init) ?? []
        guard parts.count == 2, name.count == 2, let minimum = Double(parts[1]), minimum.isFinite else {
            return .failure(ThresholdError(text: text, reason: "expected KIND.METRIC=VALUE, e.g. category.macro_f1=0.8"))
        }
        guard ["category", "priority"].contains(name[0]) else {
            return .failure(ThresholdError(text: text, reason: "the kind is category or priority"))
        }
        guard metrics.contains(name[1]) else {
            return .failure(ThresholdError(text: text, reason: "the metric is one of \(metrics.joined(separator: ", "))"))
        }
        // Every figure is at most 1: `accuracy=80` (a percentage) could never be met, and would fail every run.
        guard minimum <= 1 else {
            return .failure(ThresholdError(text: text, reason: "the figures run up to 1 (80% is 0.8)"))
        }
        return .success(EvaluationThreshold(kind: name[0], metric: name[1], minimum: minimum))
    }

    /// The report's value of this figure.
    public func value(in report: EvaluationReport) -> Double {
        let metrics = kind == "category" ? report.category : report.priority
        switch metric {
        case "accuracy": return metrics.accuracy
        case "end_to_end_accuracy": return metrics.endToEndAccuracy ?? metrics.accuracy
        case "macro_f1": return metrics.macroF1
        case "weighted_f1": return metrics.weightedF1
        default: return metrics.kappa
        }
    }

    public var description: String { "\(kind).\(metric)=\(minimum)" }

    public struct ThresholdError: Error, Equatable, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "'\(text)': \(reason)" }
    }
}
