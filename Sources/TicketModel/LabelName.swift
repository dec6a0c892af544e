/// A category's or priority's name: a taxonomy's spelling (`Taxonomy.isValidName`), read, written and
/// compared as its string. Whether the name is *in* a taxonomy is the taxonomy's to say.
public protocol LabelName: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible
where RawValue == String {
    /// A name already checked.
    init(validated name: String)
}

extension LabelName {
    public init?(rawValue: String) {
        guard Taxonomy.isValidName(rawValue) else { return nil }
        self.init(validated: rawValue)
    }

    public init(stringLiteral value: String) {
        precondition(Taxonomy.isValidName(value), "'\(value)' is not a label name")
        self.init(validated: value)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a label name"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
