/// What `validate --json` prints: each job file, valid or why not, and whether all were.
struct ValidationSummary: Encodable {
    struct File: Encodable {
        var file: String
        var valid: Bool
        var name: String?
        var steps: Int?
        var schedule: String?
        /// A scheduled job's time zone, and its next run in it (null when no day in eight years matches).
        var timezone: String?
        var nextRun: String?
        var error: String?
        /// Valid, but worth a word: an import path that matches no file now.
        var warnings: [String] = []

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(valid, forKey: .valid)
            try container.encodeIfPresent(name, forKey: .name)
            try container.encodeIfPresent(steps, forKey: .steps)
            // Present for every valid job, null for one run by hand only.
            if valid { try container.encode(schedule, forKey: .schedule) }
            if schedule != nil {
                try container.encode(timezone, forKey: .timezone)
                try container.encode(nextRun, forKey: .nextRun)
            }
            try container.encodeIfPresent(error, forKey: .error)
            try container.encode(warnings, forKey: .warnings)
        }

        enum CodingKeys: String, CodingKey {
            case file, valid, name, steps, schedule, timezone, error, warnings
            case nextRun = "next_run"
        }
    }

    var valid: Bool
    var files: [File]
}
