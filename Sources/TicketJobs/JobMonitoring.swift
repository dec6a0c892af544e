import Foundation
import TicketModel

/// How a job tells the outside world how its runs went: a dead-man's-switch URL (healthchecks-style) pinged
/// at the start and the end of each run, and a Prometheus textfile-collector file written after it.
public struct JobMonitoring: Sendable, Equatable {
    /// What a ping says for an exit status that is neither 0 nor a failure.
    public enum Outcome: String, Sendable, Equatable {
        case success, failure
    }

    /// Pinged `URL/start` when a run begins, `URL` when it succeeds, `URL/fail` when it fails. A secret, as
    /// the API key: logs show its host only.
    public var pingURL: String?
    /// A file, or a folder in which the job writes `ticketjobs-JOB.prom`.
    public var metricsFile: String?
    /// Exit 3 (rows rejected, tickets left unlabeled): a success by default.
    public var rejected: Outcome = .success
    /// Exit 75 (skipped: another run holds the lock): a success by default.
    public var skipped: Outcome = .success

    public init() {}

    init(_ node: ConfigNode) throws {
        let keys = try node.mapping(allowed: ["ping_url", "metrics_file", "ping_on"])
        if let url = keys["ping_url"] {
            let text = try url.string()
            guard Self.isPingURL(text) else { throw url.error("expected an http:// or https:// URL") }
            pingURL = text
        }
        metricsFile = try keys["metrics_file"]?.filePath()
        if let on = keys["ping_on"] {
            let cases = try on.mapping(allowed: ["rejected", "skipped"])
            for (key, value) in cases {
                guard let outcome = Outcome(rawValue: try value.string()) else { throw value.error("expected success or failure") }
                if key == "rejected" { rejected = outcome } else { skipped = outcome }
            }
        }
    }

    public static func isPingURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }

    /// Whether a run that ended with `exitStatus` counts as a success for the ping.
    public func isSuccess(exitStatus: Int32) -> Bool {
        switch exitStatus {
        case 0: true
        case 3: rejected == .success
        case 75: skipped == .success
        default: false
        }
    }

    /// Where `job`'s metrics go: the file named, or `ticketjobs-JOB.prom` in the folder named.
    public func metricsPath(job: String) -> String? {
        guard let metricsFile else { return nil }
        var isDirectory: ObjCBool = false
        if metricsFile.hasSuffix("/") || (FileManager.default.fileExists(atPath: metricsFile, isDirectory: &isDirectory) && isDirectory.boolValue) {
            return FilePaths.join(metricsFile, "ticketjobs-\(job).prom")
        }
        return metricsFile
    }
}
