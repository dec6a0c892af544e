import TicketModel

/// `taxonomy show --json`: `{"version", "revision", "categories": [{"name", "definition", "tickets"}],
/// "priorities": [...], "examples": n}`. `version` is the taxonomy file format's.
struct TaxonomySummary: Encodable {
    struct Label: Encodable {
        var name: String
        var definition: String
        var tickets: Int
    }

    var version = 1
    var revision: Int
    var categories: [Label]
    var priorities: [Label]
    var examples: Int

    init(taxonomy: Taxonomy, revision: Int, inUse: [String: [String: Int]]) {
        self.revision = revision
        categories = taxonomy.categories.map { Label(name: $0.name, definition: $0.definition, tickets: inUse["category"]?[$0.name] ?? 0) }
        priorities = taxonomy.priorities.map { Label(name: $0.name, definition: $0.definition, tickets: inUse["priority"]?[$0.name] ?? 0) }
        examples = taxonomy.examples.count
    }
}
