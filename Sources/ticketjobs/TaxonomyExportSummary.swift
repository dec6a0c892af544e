/// What `taxonomy export --out FILE --json` prints.
struct TaxonomyExportSummary: Encodable {
    let path: String
    let revision: Int
    let categories: Int
    let priorities: Int
    let examples: Int
}
