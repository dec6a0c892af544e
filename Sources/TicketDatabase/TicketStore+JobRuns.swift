import Foundation
import GRDB
import TicketModel

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
    /// The runs recorded, newest first. A run a dead process left `running` reads as interrupted, as the next
    /// store opened to write records it: a store opened read-only cannot record it.
    public func jobRuns(job: String?, limit: Int) throws -> [JobRunRecord] {
        try read { db in
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
        }.map { run in
            guard run.status == "running", StoreBookkeeping.isAbandoned(pid: run.pid) else { return run }
            var abandoned = run
            abandoned.status = "interrupted"
            abandoned.error = run.error ?? StoreBookkeeping.abandonment(pid: run.pid)
            return abandoned
        }
    }

    /// The names of the jobs with a recorded run.
    public func jobNames() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT job FROM job_runs")) }
    }

    public func lastRunStart(job: String) throws -> Date? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(started_at) FROM job_runs WHERE job = ?", arguments: [job])
                .map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
    }

    /// Records the start of a job run by this process; returns its id. Synchronous on purpose: the run is
    /// recorded also when the task was cancelled.
    public func beginJobRun(job: String, file: String, trigger: String, at time: Date) throws -> Int64 {
        try write { db -> Int64 in
            try db.execute(
                sql: "INSERT INTO job_runs (job, file, trigger, pid, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')",
                arguments: [job, file, trigger, Int(getpid()), Int64(time.timeIntervalSince1970)])
            return db.lastInsertedRowID
        }
    }

    /// Records how a job run ended, with its steps.
    public func finishJobRun(_ id: Int64, result: JobRunResult, at time: Date) throws {
        let stepsJSON = String(decoding: try JSONEncoder().encode(result.steps), as: UTF8.self)
        try write { db in
            try db.execute(
                sql: "UPDATE job_runs SET finished_at = ?, status = ?, steps = ?, error = ? WHERE id = ?",
                arguments: [
                    Int64(time.timeIntervalSince1970), result.status.rawValue, stepsJSON,
                    result.steps.compactMap(\.error).first, id,
                ])
        }
    }
}

extension TicketStore {
    /// When a run of `job` last ended with success, if one has.
    public func lastSuccessfulRunEnd(job: String) throws -> Date? {
        try read { db in
            try Int64.fetchOne(
                db, sql: "SELECT MAX(finished_at) FROM job_runs WHERE job = ? AND status = 'succeeded'", arguments: [job]
            ).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
    }
}
