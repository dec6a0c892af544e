/// A taxonomy file as read: the taxonomy, and where labels it drops should go (its `map:` section).
public struct TaxonomyFile: Sendable, Equatable {
    public var taxonomy: Taxonomy
    /// Old label → new label, for `taxonomy set`.
    public var map: [String: String]

    public init(taxonomy: Taxonomy, map: [String: String] = [:]) {
        self.taxonomy = taxonomy
        self.map = map
    }
}
