/// A setting of `LoadWait` that cannot be used.
public enum LoadWaitError: Error, Equatable, CustomStringConvertible {
    case invalidLimit(variable: String, value: String)

    public var description: String {
        switch self {
        case .invalidLimit(let variable, let value):
            "\(variable) is '\(value)': set it to the seconds to wait for an import that has the database to itself (0 waits not at all), or unset it for half an hour"
        }
    }
}
