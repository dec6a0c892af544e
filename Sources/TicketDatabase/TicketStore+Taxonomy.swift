import Foundation
import GRDB
import TicketModel

extension TicketStore {
    /// The database's taxonomy: its labels in order, their definitions, its examples.
    public func taxonomy() throws -> Taxonomy {
        try read(StoreTaxonomy.read)
    }

    /// The taxonomy and how many times it was set (1: the one a new database starts with).
    public func taxonomyWithRevision() throws -> (taxonomy: Taxonomy, revision: Int) {
        try read { db in (try StoreTaxonomy.read(db), try StoreTaxonomy.revision(db)) }
    }

    /// Tickets per label, by kind ("category", "priority").
    public func labelsInUse() throws -> [String: [String: Int]] {
        try read(StoreTaxonomy.labelsInUse)
    }

    /// Replaces the taxonomy, in one transaction. A label the new taxonomy drops moves to `map[label]` (which
    /// must be a label of the same kind in the new taxonomy) or, with `unlabelMissing`, is cleared so that
    /// classification labels those tickets again; otherwise the change is refused (`TaxonomyRefusal`) and
    /// nothing is written. Moves go through the rollup triggers, so reports stay exact; a change that moves a tenth
    /// of the tickets or more (and at least `bulkMoveMinimum`) suspends the triggers and the secondary indexes and
    /// rebuilds both at its end instead, in the same transaction: moving a million tickets took 38 s row by row
    /// through the triggers, 6.7 s so.
    public func replaceTaxonomy(
        _ taxonomy: Taxonomy, map: [String: String] = [:], unlabelMissing: Bool = false, at time: Date = Date()
    ) throws -> TaxonomyChange {
        try replaceTaxonomy(taxonomy, map: map, unlabelMissing: unlabelMissing, at: time, bulkMoveMinimum: 10_000)
    }

    /// `replaceTaxonomy`, with the fewest tickets moved that are moved in bulk (tests take both ways).
    func replaceTaxonomy(
        _ taxonomy: Taxonomy, map: [String: String], unlabelMissing: Bool, at time: Date, bulkMoveMinimum: Int
    ) throws -> TaxonomyChange {
        precondition(taxonomy.problem == nil, "validate a taxonomy before storing it")
        return try write { db in
            if try !ReportRollups.isComplete(db), let pid = try ReportRollups.suspendingProcess(db) {
                throw TaxonomyRefusal.firstImportRunning(pid: pid)
            }
            let old = try StoreTaxonomy.read(db)
            // The same taxonomy again (a setup script run twice, a job that sets it each night) writes nothing: the
            // revision stays, so the reports and evaluations naming it stay comparable.
            if old == taxonomy, map.isEmpty {
                return TaxonomyChange(revision: try StoreTaxonomy.revision(db), moves: [], reviewSuggestionsDropped: 0, changed: false)
            }
            let inUse = try StoreTaxonomy.labelsInUse(db)
            let reviewLabels = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT suggested_category, suggested_priority FROM review_queue
                    WHERE suggested_category IS NOT NULL
                    """)
            let kinds: [(kind: String, names: [String], known: [String])] = [
                ("category", taxonomy.categoryNames, old.categoryNames), ("priority", taxonomy.priorityNames, old.priorityNames),
            ]
            for (from, to) in map.sorted(by: { $0.key < $1.key }) {
                let dropping = kinds.filter { ($0.known.contains(from) || inUse[$0.kind]?[from] != nil) && !$0.names.contains(from) }
                guard !dropping.isEmpty else {
                    throw TaxonomyRefusal.invalidMap(
                        kinds.contains { $0.names.contains(from) }
                            ? "map \(from)=\(to): '\(from)' is in the new taxonomy; a map moves only labels it drops"
                            : "map \(from)=\(to): no ticket carries '\(from)' and the current taxonomy does not have it")
                }
                for entry in dropping where !entry.names.contains(to) {
                    throw TaxonomyRefusal.invalidMap(
                        "map \(from)=\(to): '\(to)' is not a \(entry.kind) of the new taxonomy (\(Taxonomy.listing(entry.names)))")
                }
            }
            var moves: [TaxonomyChange.Move] = []
            var refused: [TaxonomyChange.Move] = []
            for entry in kinds {
                for (label, tickets) in (inUse[entry.kind] ?? [:]).sorted(by: { $0.key < $1.key }) where !entry.names.contains(label) {
                    if let target = map[label] {
                        moves.append(.init(kind: entry.kind, from: label, to: target, tickets: tickets))
                    } else if unlabelMissing {
                        moves.append(.init(kind: entry.kind, from: label, to: nil, tickets: tickets))
                    } else {
                        refused.append(.init(kind: entry.kind, from: label, to: nil, tickets: tickets))
                    }
                }
            }
            guard refused.isEmpty else { throw TaxonomyRefusal.labelsInUse(refused) }
            let seconds = UTCTimestamp.epochSeconds(time)
            // New labels first (moved tickets reference them), then the moves, then the old labels go.
            try StoreTaxonomy.add(taxonomy, db)
            let moved = moves.reduce(0) { $0 + $1.tickets }
            let inBulk = try moved >= bulkMoveMinimum && moved * 10 >= Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets")!
            if inBulk { try ReportRollups.suspend(db) }
            // One pass over the tickets per kind of label: the labels have no index of their own.
            for kind in ["category", "priority"] {
                let kindMoves = moves.filter { $0.kind == kind }
                guard !kindMoves.isEmpty else { continue }
                let cleared = kindMoves.filter { $0.to == nil }.map(\.from)
                let clearing = cleared.isEmpty ? "" : """
                    , \(kind)_source = CASE WHEN \(kind) IN (\(cleared.map { _ in "?" }.joined(separator: ", "))) THEN NULL
                        ELSE \(kind)_source END
                    """
                var arguments = StatementArguments(kindMoves.flatMap { [$0.from, $0.to] as [String?] })
                arguments += StatementArguments(cleared)
                arguments += StatementArguments(kindMoves.map(\.from))
                try db.execute(
                    sql: """
                        UPDATE tickets SET \(kind) = CASE \(kind) \(kindMoves.map { _ in "WHEN ? THEN ?" }.joined(separator: " ")) ELSE \(kind) END
                            \(clearing)
                        WHERE \(kind) IN (\(kindMoves.map { _ in "?" }.joined(separator: ", ")))
                        """, arguments: arguments)
            }
            // A ticket with no label left carries no labelling provenance either.
            try db.execute(
                sql: """
                    UPDATE tickets SET label_model = NULL, label_prompt_version = NULL, label_confidence = NULL, labeled_at = NULL
                    WHERE category IS NULL AND priority IS NULL AND labeled_at IS NOT NULL
                    """)
            var dropped = 0
            for row in reviewLabels {
                let category: String = row[0], priority: String = row[1]
                let newCategory = taxonomy.categoryNames.contains(category) ? category : map[category]
                let newPriority = taxonomy.priorityNames.contains(priority) ? priority : map[priority]
                if let newCategory, let newPriority, taxonomy.categoryNames.contains(newCategory), taxonomy.priorityNames.contains(newPriority) {
                    if newCategory != category || newPriority != priority {
                        try db.execute(
                            sql: """
                                UPDATE review_queue SET suggested_category = ?, suggested_priority = ?
                                WHERE suggested_category = ? AND suggested_priority = ?
                                """, arguments: [newCategory, newPriority, category, priority])
                    }
                } else {
                    try db.execute(
                        sql: "DELETE FROM review_queue WHERE suggested_category = ? AND suggested_priority = ?",
                        arguments: [category, priority])
                    dropped += db.changesCount
                }
            }
            // Set aside because the model gave them no usable label under the old taxonomy: asked under the new
            // one (a new prompt), it may.
            try db.execute(sql: "DELETE FROM review_queue WHERE suggested_category IS NULL")
            let released = db.changesCount
            try StoreTaxonomy.removeOthers(taxonomy, db, at: seconds)
            if inBulk { try ReportRollups.restore(db) }
            return TaxonomyChange(
                revision: try StoreTaxonomy.revision(db), moves: moves, reviewSuggestionsDropped: dropped,
                setAsideReleased: released)
        }
    }
}
