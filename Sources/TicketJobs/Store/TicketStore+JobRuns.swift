import Foundation
import GRDB

/// A recorded job run, for `history`.
public struct JobRunRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var job: String
    public var trigger: String
    public var pid: Int
    public var startedAt: String
    public var finishedAt: String?
    public var status: String
    public var steps: [JobRunResult.Step]
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case id, job, trigger, pid
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case status, steps, error
    }
}

extension TicketStore {
    public func jobRuns(job: String?, limit: Int) throws -> [JobRunRecord] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM job_runs \(job == nil ? "" : "WHERE job = ?") ORDER BY id DESC LIMIT ?",
                arguments: job.map { [$0, limit] } ?? [limit]
            ).map { row in
                JobRunRecord(
                    id: row["id"], job: row["job"], trigger: row["trigger"], pid: row["pid"],
                    startedAt: UTCTimestamp.format(epochSeconds: row["started_at"]),
                    finishedAt: (row["finished_at"] as Int64?).map { UTCTimestamp.format(epochSeconds: $0) },
                    status: row["status"],
                    steps: (try? JSONDecoder().decode([JobRunResult.Step].self, from: Data((row["steps"] as String).utf8))) ?? [],
                    error: row["error"])
            }
        }
    }

    func lastRunStart(job: String) throws -> Date? {
        try writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(started_at) FROM job_runs WHERE job = ?", arguments: [job])
                .map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
    }
}
