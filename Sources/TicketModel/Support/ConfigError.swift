/// A configuration file (mapping, job, taxonomy) that cannot be used, naming the file, line and key.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String?
    public var reason: String

    public init(file: String, line: Int?, key: String?, reason: String) {
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let key { text += ": '\(key)'" }
        return text + ": " + reason
    }
}
