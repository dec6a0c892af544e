import Foundation

extension TimeZone {
    /// The zone's name as people read it: Foundation on Linux calls UTC "GMT", which a job file never said.
    public var displayIdentifier: String { identifier == "GMT" ? "UTC" : identifier }

    /// What to say after "unknown time zone 'NAME'": the zone meant when only the case is off
    /// (`europe/berlin`) or the region is missing (`Berlin`, `New York`), else where the names are listed.
    public static func hint(forUnknown name: String) -> String {
        let lowered = name.lowercased().replacingOccurrences(of: " ", with: "_")
        let known = knownTimeZoneIdentifiers
        if let match = known.first(where: { $0.lowercased() == lowered }) { return "did you mean \(match)?" }
        let cities = known.filter { $0.lowercased().hasSuffix("/" + lowered) }
        if !cities.isEmpty { return "did you mean \(cities.joined(separator: " or "))?" }
        return "use a name of the tz database, such as Europe/Berlin or America/New_York (timedatectl list-timezones)"
    }
}
