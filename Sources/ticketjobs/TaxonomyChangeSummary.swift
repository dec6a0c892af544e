import TicketDatabase
import TicketModel

/// `taxonomy set --json`: the new revision, the label counts, and every move.
struct TaxonomyChangeSummary: Encodable {
    struct Move: Encodable {
        var kind: String
        var from: String
        /// nil: cleared for classification.
        var to: String?
        var tickets: Int
    }

    var revision: Int
    var categories: Int
    var priorities: Int
    var examples: Int
    var moves: [Move]
    var reviewSuggestionsDropped: Int
    var setAsideReleased: Int
    var changed: Bool

    enum CodingKeys: String, CodingKey {
        case revision, categories, priorities, examples, moves, changed
        case reviewSuggestionsDropped = "review_suggestions_dropped"
        case setAsideReleased = "set_aside_released"
    }

    init(change: TaxonomyChange, taxonomy: Taxonomy) {
        revision = change.revision
        categories = taxonomy.categories.count
        priorities = taxonomy.priorities.count
        examples = taxonomy.examples.count
        moves = change.moves.map { Move(kind: $0.kind, from: $0.from, to: $0.to, tickets: $0.tickets) }
        reviewSuggestionsDropped = change.reviewSuggestionsDropped
        setAsideReleased = change.setAsideReleased
        changed = change.changed
    }
}
