import Foundation

/// A team's labels: its categories (in the order reports show them), its priorities (lowest first), what each
/// one means, and a few example tickets. The database keeps one; a new database starts with `standard`.
///
/// ```yaml
/// version: 1
/// categories: {technical_support: "…", billing_and_payments: "…"}   # shown in this order
/// priorities: {low: "…", medium: "…", high: "…"}                     # lowest first
/// examples:                                                           # optional
///   - {title: "…", description: "…", category: billing_and_payments, priority: high}
/// map: {billing: billing_and_payments}                                # optional, for `taxonomy set`
/// ```
public struct Taxonomy: Sendable, Equatable, Codable {
    public var categories: [TaxonomyLabel]
    /// Lowest first.
    public var priorities: [TaxonomyLabel]
    public var examples: [TaxonomyExample]

    public static let categoryCount = 2...200
    public static let priorityCount = 2...10
    public static let maximumNameLength = 40
    public static let maximumExamples = 50
    public static let maximumDefinitionLength = 2_000

    public init(categories: [TaxonomyLabel], priorities: [TaxonomyLabel], examples: [TaxonomyExample] = []) {
        self.categories = categories
        self.priorities = priorities
        self.examples = examples
    }

    public var categoryNames: [String] { categories.map(\.name) }
    public var priorityNames: [String] { priorities.map(\.name) }
    public var categoryLabels: [Category] { categories.map { Category(stringLiteral: $0.name) } }
    /// Lowest first.
    public var priorityLabels: [Priority] { priorities.map { Priority(stringLiteral: $0.name) } }

    public func contains(_ category: Category) -> Bool { categories.contains { $0.name == category.rawValue } }
    public func contains(_ priority: Priority) -> Bool { priorities.contains { $0.name == priority.rawValue } }

    /// The category's position in the taxonomy's order.
    public func index(of category: Category) -> Int? { categories.firstIndex { $0.name == category.rawValue } }
    /// The priority's rank, 0 for the lowest.
    public func index(of priority: Priority) -> Int? { priorities.firstIndex { $0.name == priority.rawValue } }

    /// A label name: lowercase letters, digits, `_` and `-`, at most 40 characters.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumNameLength
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D }
    }

    /// The labels a list names, with a few at most (a taxonomy of 200 categories is not an error message).
    public static func listing(_ names: [String], limit: Int = 20) -> String {
        names.count <= limit
            ? names.joined(separator: ", ") : names.prefix(limit).joined(separator: ", ") + ", … (\(names.count) in all)"
    }

    /// What is wrong with a kind's number of labels, or nil.
    static func countProblem(_ kind: String, _ count: Int, _ range: ClosedRange<Int>) -> String? {
        range.contains(count) ? nil : "\(count) \(kind): a taxonomy has \(range.lowerBound) to \(range.upperBound)"
    }

    /// Said of a text holding U+0000: stored as SQLite text it would end there (and Claude be given the part
    /// before it).
    static let nulProblem = "holds a NUL character (byte 0): remove it"

    /// What is wrong with one label, its name or its definition, or nil.
    static func labelProblem(_ label: TaxonomyLabel) -> String? {
        guard isValidName(label.name) else {
            return "'\(label.name.prefix(60))' is not a label name (lowercase letters, digits, '_' and '-', at most \(maximumNameLength) characters)"
        }
        guard !label.definition.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "'\(label.name)' needs a definition" }
        guard !label.definition.holdsNul else {
            return "the definition of '\(label.name)' \(nulProblem)"
        }
        guard label.definition.count <= maximumDefinitionLength else {
            return "the definition of '\(label.name)' is longer than \(maximumDefinitionLength) characters"
        }
        return nil
    }

    /// What is wrong with the taxonomy, or nil: counts, names, definitions, examples within it.
    public var problem: String? {
        for (kind, labels, range) in [("categories", categories, Self.categoryCount), ("priorities", priorities, Self.priorityCount)] {
            if let problem = Self.countProblem(kind, labels.count, range) { return problem }
            var seen: Set<String> = []
            for label in labels {
                if let problem = Self.labelProblem(label) { return problem }
                guard seen.insert(label.name).inserted else { return "'\(label.name)' appears twice among the \(kind)" }
            }
        }
        guard examples.count <= Self.maximumExamples else { return "\(examples.count) examples: at most \(Self.maximumExamples)" }
        for (index, example) in examples.enumerated() {
            guard contains(example.category) else { return "example \(index + 1): category '\(example.category)' is not in the taxonomy" }
            guard contains(example.priority) else { return "example \(index + 1): priority '\(example.priority)' is not in the taxonomy" }
            guard !(example.title + example.description).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return "example \(index + 1) has neither a title nor a description"
            }
            guard !example.title.holdsNul, !example.description.holdsNul else {
                return "example \(index + 1) \(Self.nulProblem)"
            }
        }
        return nil
    }

    public static let standard = Taxonomy(
        categories: [
            TaxonomyLabel(name: "billing", definition: "payments, charges, refunds, invoices, prices, plans, subscriptions and their cancellation."),
            TaxonomyLabel(
                name: "technical",
                definition: "the product misbehaving: errors, crashes, outages, slowness, bugs, integrations, data sync, imports and exports."),
            TaxonomyLabel(
                name: "account",
                definition:
                    "access to and administration of an account: login, passwords, two-factor, SSO, users and seats, ownership, profile and e-mail changes, account security, data deletion requests."
            ),
            TaxonomyLabel(
                name: "general",
                definition: "everything else: questions, how-to, feature requests, feedback, documentation, sales and partnership inquiries."),
        ],
        priorities: [
            TaxonomyLabel(name: "low", definition: "questions, feedback, cosmetic issues, requests with no urgency."),
            TaxonomyLabel(name: "medium", definition: "something is impaired but a workaround exists; ordinary requests that need action."),
            TaxonomyLabel(name: "high", definition: "a core function is broken or a person is blocked with no workaround; wrong charges."),
            TaxonomyLabel(
                name: "critical",
                definition: "production down or unusable for many users, data loss, a security incident, or money being lost right now."),
        ],
        examples: [
            TaxonomyExample(title: "Charged twice this month", description: "Please refund the duplicate charge.", category: .billing, priority: .high),
            TaxonomyExample(
                title: "Site down", description: "Nobody in our company can log in, all pages return 503.", category: .technical,
                priority: .critical),
            TaxonomyExample(title: "Add a colleague", description: "How do I invite a new user to our workspace?", category: .account, priority: .low),
            TaxonomyExample(title: "Dark mode?", description: "Would love a dark theme.", category: .general, priority: .low),
        ])

    /// Loads a taxonomy file (YAML or JSON); errors name the file, line and key.
    public static func load(path: String) throws -> TaxonomyFile {
        let root = try ConfigNode.load(path: path)
        // `taxonomy show --json`'s output, given back: said so, with the command that writes this file.
        if let shown = root.node.mapping, shown["revision"] != nil, shown["categories"]?.sequence != nil {
            throw root.error(
                "this is what 'taxonomy show --json' prints; 'ticketjobs taxonomy export' writes the file 'taxonomy set' reads")
        }
        let keys = try root.mapping(allowed: ["version", "categories", "priorities", "examples", "map"])
        guard let version = keys["version"], try version.int() == 1 else {
            throw (keys["version"] ?? root).error("expected 'version: 1'")
        }
        func labels(_ key: String, _ range: ClosedRange<Int>) throws -> [TaxonomyLabel] {
            guard let node = keys[key] else { throw root.error("missing '\(key)'") }
            let pairs = try node.pairs()
            if let problem = countProblem(key, pairs.count, range) { throw node.error(problem) }
            // Checked here as well as by `problem`, so that an error names its line and key.
            return try pairs.map { name, value in
                let label = TaxonomyLabel(name: name, definition: try value.string().trimmingCharacters(in: .whitespacesAndNewlines))
                if let problem = labelProblem(label) { throw value.error(problem) }
                return label
            }
        }
        var taxonomy = Taxonomy(categories: try labels("categories", categoryCount), priorities: try labels("priorities", priorityCount))
        if let examples = keys["examples"] {
            taxonomy.examples = try examples.list().map { node in
                let fields = try node.mapping(allowed: ["title", "description", "category", "priority"])
                let title = try fields["title"]?.string() ?? "", description = try fields["description"]?.string() ?? ""
                for (key, text) in [("title", title), ("description", description)] where text.holdsNul {
                    throw fields[key]!.error(Self.nulProblem)
                }
                guard let categoryNode = fields["category"], let priorityNode = fields["priority"] else {
                    throw node.error("an example needs a category and a priority")
                }
                guard let category = Category(rawValue: try categoryNode.string()), taxonomy.contains(category) else {
                    throw categoryNode.error("not a category of this taxonomy (\(listing(taxonomy.categoryNames)))")
                }
                guard let priority = Priority(rawValue: try priorityNode.string()), taxonomy.contains(priority) else {
                    throw priorityNode.error("not a priority of this taxonomy (\(listing(taxonomy.priorityNames)))")
                }
                return TaxonomyExample(title: title, description: description, category: category, priority: priority)
            }
        }
        if let problem = taxonomy.problem { throw root.error(problem) }
        var map: [String: String] = [:]
        if let node = keys["map"] {
            for (old, value) in try node.pairs() { map[old] = try value.string() }
        }
        return TaxonomyFile(taxonomy: taxonomy, map: map)
    }

    /// This taxonomy with `override`'s definitions and examples: `classify --taxonomy` rewords the labels
    /// for one run but cannot change them (`taxonomy set` does).
    public func overridden(by override: Taxonomy, file: String) throws -> Taxonomy {
        let missing = categoryNames.filter { !override.categoryNames.contains($0) } + priorityNames.filter { !override.priorityNames.contains($0) }
        let extra =
            override.categoryNames.filter { !categoryNames.contains($0) } + override.priorityNames.filter { !priorityNames.contains($0) }
        guard missing.isEmpty, extra.isEmpty else {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(Self.listing(missing))") }
            if !extra.isEmpty { parts.append("not in the database: \(Self.listing(extra))") }
            throw ConfigError(
                file: file, line: nil, key: nil,
                reason: "its labels differ from the database's taxonomy (\(parts.joined(separator: "; "))); `ticketjobs taxonomy set \(file)` changes the database's labels")
        }
        let categoryDefinitions = Dictionary(uniqueKeysWithValues: override.categories.map { ($0.name, $0.definition) })
        let priorityDefinitions = Dictionary(uniqueKeysWithValues: override.priorities.map { ($0.name, $0.definition) })
        var result = self
        result.categories = categories.map { TaxonomyLabel(name: $0.name, definition: categoryDefinitions[$0.name]!) }
        result.priorities = priorities.map { TaxonomyLabel(name: $0.name, definition: priorityDefinitions[$0.name]!) }
        if !override.examples.isEmpty { result.examples = override.examples }
        return result
    }

    /// A short, stable fingerprint of everything the classifier is given, so answers given under other labels
    /// or definitions are not reused.
    public var fingerprint: String {
        var hash = FNV1a()
        for label in categories { hash.combineField(label.name); hash.combineField(label.definition) }
        hash.combineField("|")
        for label in priorities { hash.combineField(label.name); hash.combineField(label.definition) }
        hash.combineField("|")
        for example in examples {
            for field in [example.title, example.description, example.category.rawValue, example.priority.rawValue] { hash.combineField(field) }
        }
        return String(hash.value, radix: 16)
    }

    /// A fingerprint of the labels alone (names and order): what a trained local model depends on.
    public var labelsFingerprint: String {
        var hash = FNV1a()
        for name in categoryNames { hash.combineField(name) }
        hash.combineField("|")
        for name in priorityNames { hash.combineField(name) }
        return String(hash.value, radix: 16)
    }
}
