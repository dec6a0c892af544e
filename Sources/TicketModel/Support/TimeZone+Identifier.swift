import Foundation

extension TimeZone {
    /// The zone's name as people read it: Foundation on Linux calls UTC "GMT", which a job file never said.
    public var displayIdentifier: String { identifier == "GMT" ? "UTC" : identifier }
}
