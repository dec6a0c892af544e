/// The subject area of a ticket: a label of the database's taxonomy. The four static values are the labels a
/// new database starts with (those of the support app this tool grew out of); a team brings its own.
public struct Category: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    /// A label with a taxonomy's spelling (`Taxonomy.isValidName`); whether it is *in* the taxonomy is the
    /// taxonomy's to say.
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
        guard let value = Category(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a label name"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let billing: Category = "billing"
    public static let technical: Category = "technical"
    public static let account: Category = "account"
    public static let general: Category = "general"
}
