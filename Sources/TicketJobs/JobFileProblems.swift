/// Every problem found in one job file, each naming its line: said one at a time, a file with three would be
/// refused three times, each after the last was fixed.
public struct JobFileProblems: Error, CustomStringConvertible {
    public var file: String
    public var problems: [any Error]

    public var description: String {
        "\(file): \(problems.count) problems:" + problems.map { "\n  \($0)" }.joined()
    }
}
