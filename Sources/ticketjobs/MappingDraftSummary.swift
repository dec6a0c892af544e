/// What `mapping draft --out FILE --json` prints.
struct MappingDraftSummary: Encodable {
    let path: String
    let sampledRows: Int
    /// Each field matched, with its column(s).
    let columns: [String: [String]]
    let attributes: [String]
    /// Fields every row needs that no column gives.
    let missing: [String]
    /// Label values the draft leaves for a person to map.
    let undecidedValues: Int
    /// A preset that reads the export without a mapping file (`ticketjobs`: our own columns).
    let preset: String?

    enum CodingKeys: String, CodingKey {
        case path, columns, attributes, missing, preset
        case sampledRows = "sampled_rows"
        case undecidedValues = "undecided_values"
    }
}
