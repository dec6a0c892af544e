/// What `--json` prints on stdout when a command fails before it printed its summary: a script reading stdout
/// gets an object saying why, rather than nothing to parse.
struct FailureSummary: Encodable {
    var error: String
    var exitStatus: Int32

    enum CodingKeys: String, CodingKey {
        case error
        case exitStatus = "exit_status"
    }
}
