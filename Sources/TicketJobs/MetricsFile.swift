import Foundation
import TicketModel

/// A job's last run in the Prometheus text format, for node_exporter's textfile collector: written atomically
/// after each run, one file per job, so that several jobs can share the collector's folder.
struct MetricsFile {
    var job: String
    var endedAt: Date
    var durationSeconds: Double
    var exitStatus: Int32
    /// When a run of the job last succeeded (this one included), from the run history.
    var lastSuccess: Date?
    /// The run's steps; nil when it was skipped.
    var result: JobRunResult?

    func render() -> String {
        var text = ""
        let label = "job=\"\(Self.escape(job))\""
        // Every one a gauge: each file says how the last run went, not a running total.
        func metric(_ name: String, _ help: String, _ samples: [(String, Double)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for (labels, value) in samples { text += "\(name){\(labels)} \(Self.format(value))\n" }
        }
        metric("ticketjobs_job_last_run_timestamp_seconds", "When the job's last run ended, in Unix seconds.",
               [(label, endedAt.timeIntervalSince1970)])
        metric("ticketjobs_job_last_success_timestamp_seconds", "When a run of the job last succeeded (exit 0), in Unix seconds; 0 if never.",
               [(label, lastSuccess?.timeIntervalSince1970 ?? 0)])
        metric("ticketjobs_job_last_exit_status", "The exit status of the job's last run (0 ok, 1 failed, 3 rows rejected, 75 skipped, 130/143 interrupted).",
               [(label, Double(exitStatus))])
        metric("ticketjobs_job_duration_seconds", "How long the job's last run took.", [(label, durationSeconds)])
        let steps = result?.steps ?? []
        func sum(_ step: String, _ key: String) -> Double {
            steps.filter { $0.name == step }.compactMap { $0.details[key].flatMap(Double.init) }.reduce(0, +)
        }
        metric("ticketjobs_import_rows", "Rows the job's last run imported, by outcome.",
               ["inserted", "updated", "unchanged", "rejected"].map { ("\(label),outcome=\"\($0)\"", sum("import", $0)) })
        metric("ticketjobs_classify_tickets", "Tickets the job's last run classified, by outcome.",
               [("labeled", "labeled"), ("failed", "failed"), ("reused", "reused")].map { ("\(label),outcome=\"\($0.0)\"", sum("classify", $0.1)) })
        metric("ticketjobs_classify_cost_usd", "What the job's last run paid for classification, in US dollars.",
               [(label, sum("classify", "cost_usd"))])
        return text
    }

    /// Label values escape backslash, double quote and line feed, as the text format asks.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6f", value)
    }
}
