/// A cron expression that cannot be used.
public struct CronError: Error, Equatable, CustomStringConvertible {
    public var expression: String
    public var reason: String
    public var description: String { "invalid schedule '\(expression)': \(reason)" }
}
