/// What a job run did, step by step; stored in `job_runs` and printed by `run`.
public struct JobRunResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case succeeded
        case failed
        case rejectedRows = "rejected_rows"
        case interrupted
    }

    public struct Step: Codable, Sendable, Equatable {
        public var name: String
        public var status: String
        /// Counts and paths the step produced.
        public var details: [String: String]
        public var error: String?

        public init(name: String, status: String, details: [String: String], error: String?) {
            self.name = name
            self.status = status
            self.details = details
            self.error = error
        }

        /// The line `run` prints and `history --steps` repeats: `import: succeeded (files=1 inserted=300 …)`, the
        /// details in key order, then the error of a failed step.
        public var line: String {
            let details = details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(name): \(status)" + (details.isEmpty ? "" : " (\(details))") + (error.map { ": \($0)" } ?? "")
        }
    }

    public var job: String
    public var runID: Int64?
    public var status: Status
    public var steps: [Step]

    public init(job: String, runID: Int64?, status: Status, steps: [Step]) {
        self.job = job
        self.runID = runID
        self.status = status
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case job
        case runID = "run_id"
        case status, steps
    }

    /// The documented exit status: 0 ok, 1 failed, 3 completed but an import rejected rows or a classify step
    /// left tickets it could not label, 130 interrupted.
    public var exitStatus: Int32 {
        switch status {
        case .succeeded: 0
        case .failed: 1
        case .rejectedRows: 3
        case .interrupted: 130
        }
    }
}
