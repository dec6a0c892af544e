/// What `schedule --json` prints when it stops: how many runs it made, by how each ended.
struct ScheduleSummary: Encodable {
    var runs: Int
    /// `succeeded`, `failed`, `partial`, `skipped`, `interrupted`, `did_not_run`… as `history` names them.
    var byStatus: [String: Int]

    enum CodingKeys: String, CodingKey {
        case runs
        case byStatus = "by_status"
    }
}
