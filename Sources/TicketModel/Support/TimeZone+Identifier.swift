import Foundation

extension TimeZone {
    /// The zone's name as people read it: Foundation on Linux calls UTC "GMT", which a job file never said, and
    /// names a fixed offset given as `UTC+2` "GMT+0200"; shown as `UTC+02:00`, which it also reads back.
    public var displayIdentifier: String {
        if identifier == "GMT" { return "UTC" }
        let utf8 = Array(identifier.utf8)
        guard utf8.count == 8, identifier.hasPrefix("GMT"), utf8[3] == UInt8(ascii: "+") || utf8[3] == UInt8(ascii: "-"),
            utf8[4...].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return identifier }
        return "UTC" + String(decoding: utf8[3...5], as: UTF8.self) + ":" + String(decoding: utf8[6...7], as: UTF8.self)
    }

    /// What to say after "unknown time zone 'NAME'": the zone meant when only the case is off
    /// (`europe/berlin`), the region is missing (`Berlin`, `New York`), or the name is within two edits of one
    /// (`Europe/Berln`, `Berln`), else where the names are listed.
    public static func hint(forUnknown name: String) -> String {
        let lowered = name.lowercased().replacingOccurrences(of: " ", with: "_")
        let known = knownTimeZoneIdentifiers
        if let match = known.first(where: { $0.lowercased() == lowered }) { return "did you mean \(match)?" }
        let cities = known.filter { $0.lowercased().hasSuffix("/" + lowered) }
        if !cities.isEmpty { return "did you mean \(cities.joined(separator: " or "))?" }
        let byName = Dictionary(known.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        if let near = ConfigNode.closest(to: lowered, in: Set(byName.keys)), let name = byName[near] { return "did you mean \(name)?" }
        let byCity = Dictionary(grouping: known) { $0.split(separator: "/").last.map { $0.lowercased() } ?? "" }
        if let near = ConfigNode.closest(to: lowered, in: Set(byCity.keys)), let names = byCity[near] {
            return "did you mean \(names.joined(separator: " or "))?"
        }
        return "use a name of the tz database, such as Europe/Berlin or America/New_York (timedatectl list-timezones)"
    }
}
