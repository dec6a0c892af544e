/// What `TicketStore.replaceTaxonomy` did: the taxonomy's new revision and the tickets whose labels moved.
public struct TaxonomyChange: Sendable, Equatable {
    /// A label the new taxonomy dropped, what became of it (`to` nil: cleared for classification to redo), and
    /// how many tickets carried it.
    public struct Move: Sendable, Equatable {
        public var kind: String
        public var from: String
        public var to: String?
        public var tickets: Int
    }

    public var revision: Int
    public var moves: [Move]
    /// Review-queue suggestions dropped because their labels left the taxonomy (those tickets are classified
    /// again).
    public var reviewSuggestionsDropped: Int
    /// Tickets set aside for a person because the model gave their text no usable label, released: asked under
    /// the new taxonomy, the model may answer them.
    public var setAsideReleased = 0
    /// False when the taxonomy given was the one the store had: nothing was written.
    public var changed = true
}
