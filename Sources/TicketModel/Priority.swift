/// How urgently a ticket needs attention: a label of the database's taxonomy, whose priorities run from the
/// lowest to the highest. The four static values are those a new database starts with.
public struct Priority: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    /// A label with a taxonomy's spelling (`Taxonomy.isValidName`); its rank is the taxonomy's to say.
    public init?(rawValue: String) {
        guard Taxonomy.isValidName(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        precondition(Taxonomy.isValidName(value), "'\(value)' is not a label name")
        rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Priority(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a label name"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let low: Priority = "low"
    public static let medium: Priority = "medium"
    public static let high: Priority = "high"
    public static let critical: Priority = "critical"
}
