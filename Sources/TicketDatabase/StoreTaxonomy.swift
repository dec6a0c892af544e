import GRDB
import TicketModel

/// Reads and writes the taxonomy tables (`taxonomy_categories`, `taxonomy_priorities`, `taxonomy_examples`).
enum StoreTaxonomy {
    static func read(_ db: Database) throws -> Taxonomy {
        func labels(_ table: String) throws -> [TaxonomyLabel] {
            try Row.fetchAll(db, sql: "SELECT name, definition FROM \(table) ORDER BY position, name").map {
                TaxonomyLabel(name: $0[0], definition: $0[1])
            }
        }
        let examples = try Row.fetchAll(db, sql: "SELECT title, description, category, priority FROM taxonomy_examples ORDER BY position")
            .compactMap { row -> TaxonomyExample? in
                guard let category = Category(rawValue: row[2]), let priority = Priority(rawValue: row[3]) else { return nil }
                return TaxonomyExample(title: row[0], description: row[1], category: category, priority: priority)
            }
        return Taxonomy(categories: try labels("taxonomy_categories"), priorities: try labels("taxonomy_priorities"), examples: examples)
    }

    static func revision(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT revision FROM taxonomy_revision WHERE id = 1") ?? 1
    }

    /// Tickets per label in use, by kind ("category", "priority"): from the day rollups, which count every
    /// ticket once (a few thousand rows where the table has millions), unless a first load has them suspended.
    static func labelsInUse(_ db: Database) throws -> [String: [String: Int]] {
        var result: [String: [String: Int]] = ["category": [:], "priority": [:]]
        let fromRollups = try ReportRollups.isComplete(db)
        for kind in ["category", "priority"] {
            let sql =
                fromRollups
                ? "SELECT \(kind), SUM(tickets) FROM report_days WHERE \(kind) != '' GROUP BY \(kind) HAVING SUM(tickets) > 0"
                : "SELECT \(kind), COUNT(*) FROM tickets WHERE \(kind) IS NOT NULL GROUP BY \(kind)"
            for row in try Row.fetchAll(db, sql: sql) { result[kind]![row[0]] = row[1] }
        }
        return result
    }

    private static func tables(_ taxonomy: Taxonomy) -> [(table: String, labels: [TaxonomyLabel])] {
        [("taxonomy_categories", taxonomy.categories), ("taxonomy_priorities", taxonomy.priorities)]
    }

    /// Stores `taxonomy`'s labels, in its order and words, beside the stored ones: the first half of a change,
    /// so that tickets can be moved to the new labels before the old ones go (`removeOthers`).
    static func add(_ taxonomy: Taxonomy, _ db: Database) throws {
        for (table, labels) in tables(taxonomy) {
            for (position, label) in labels.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO \(table) (name, position, definition) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET position = excluded.position, definition = excluded.definition
                        """, arguments: [label.name, position, label.definition])
            }
        }
    }

    /// Removes every label and example that is not `taxonomy`'s, stores its examples and counts a revision.
    /// Tickets must have left the removed labels first: their rows reference the label tables.
    static func removeOthers(_ taxonomy: Taxonomy, _ db: Database, at time: Int64) throws {
        try db.execute(sql: "DELETE FROM taxonomy_examples")
        for (table, labels) in tables(taxonomy) {
            let names = labels.map(\.name)
            try db.execute(
                sql: "DELETE FROM \(table) WHERE name NOT IN (\(databaseQuestionMarks(count: names.count)))",
                arguments: StatementArguments(names))
        }
        for (position, example) in taxonomy.examples.enumerated() {
            try db.execute(
                sql: "INSERT INTO taxonomy_examples (position, title, description, category, priority) VALUES (?, ?, ?, ?, ?)",
                arguments: [position, example.title, example.description, example.category.rawValue, example.priority.rawValue])
        }
        try db.execute(sql: "UPDATE taxonomy_revision SET revision = revision + 1, changed_at = ? WHERE id = 1", arguments: [time])
    }
}
