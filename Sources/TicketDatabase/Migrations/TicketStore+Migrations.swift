import GRDB

// The schema as each migration left it, in literal SQL. A migration that has landed is never edited and never
// calls application code: a change to a table, a trigger or an index is a new migration. The live code reads
// the newest definitions from here (`ReportRollups.triggers`, `ReportRollups.secondaryIndexes`), never the
// other way round.

extension TicketStore {
    /// The versioned schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tickets") { db in try db.execute(sql: StoreMigrations.v1) }
        migrator.registerMigration("v2-classification") { db in try db.execute(sql: StoreMigrations.v2) }
        migrator.registerMigration("v3-jobs-and-evaluation") { db in try db.execute(sql: StoreMigrations.v3) }
        migrator.registerMigration("v4-message-batches") { db in try db.execute(sql: StoreMigrations.v4) }
        migrator.registerMigration("v5-report-rollups") { db in
            // The wider covering index replaces the first one; the rollups are filled from the tickets.
            try db.execute(sql: StoreMigrations.v5)
            for trigger in StoreMigrations.v5Triggers { try db.execute(sql: trigger.sql) }
        }
        migrator.registerMigration("v6-tickets-checks-without-lists") { db in
            // `column IN (a, b, c, ...)` of more than two values makes SQLite build a temporary index each time
            // a statement runs: five of them per imported or relabelled ticket, half the import's time. The
            // same checks as comparisons cost nothing. SQLite changes a CHECK only by rebuilding the table.
            for trigger in StoreMigrations.v5Triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger.name)") }
            try db.execute(sql: StoreMigrations.v6)
            // A first load that died with the triggers and indexes suspended leaves its state behind; the store
            // rebuilds them when it next opens (`ReportRollups.ensure`).
            let suspended = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_rollup_state)") ?? false
            if !suspended {
                for index in StoreMigrations.v6Indexes { try db.execute(sql: index.sql) }
                for trigger in StoreMigrations.v5Triggers { try db.execute(sql: trigger.sql) }
            }
        }
        migrator.registerMigration("v7-unlabeled-index") { db in
            // The single-label indexes served no report (the covering index does) and made classification sort
            // every unlabeled ticket for each page; one partial index in page order replaces them.
            try db.execute(sql: StoreMigrations.v7DropIndexes)
            let suspended = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_rollup_state)") ?? false
            if !suspended { try db.execute(sql: StoreMigrations.v7Index.sql) }
        }
        migrator.registerMigration("v8-content-hash-scheme") { db in
            // Tickets already stored keep their byte-wise FNV-1a hashes (scheme 1), which re-imports must match;
            // a store without tickets can take the faster word-wise hash (scheme 2) for good.
            try db.execute(sql: StoreMigrations.v8)
        }
        migrator.registerMigration("v9-interrupted-imports") { db in
            // Imports record their process, so that one left `running` by a process that died is marked
            // interrupted; an import stopped by a signal is `interrupted`, not `failed`.
            try db.execute(sql: StoreMigrations.v9)
        }
        migrator.registerMigration("v10-calls-are-api-requests") { db in
            // A report's "requests" are calls to the API: the local model's labels and reused answers made none.
            for trigger in StoreMigrations.v10Triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger.name)") }
            let suspended = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_rollup_state)") ?? false
            if !suspended {
                for trigger in StoreMigrations.v10Triggers { try db.execute(sql: trigger.sql) }
                try db.execute(sql: StoreMigrations.v10)
            }
        }
        migrator.registerMigration("v11-flow-rollups") { db in
            // Reports count the flow (created, resolved) and the backlog at any instant over the whole store from
            // day rollups; the index on resolutions carries the labels their edges group by.
            try db.execute(sql: StoreMigrations.v11)
            let suspended = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_rollup_state)") ?? false
            if !suspended {
                for index in StoreMigrations.v11Indexes { try db.execute(sql: index.sql) }
                for trigger in StoreMigrations.v11Triggers { try db.execute(sql: trigger.sql) }
                try db.execute(sql: StoreMigrations.v11Fill)
            }
        }
        migrator.registerMigration("v12-export-columns") { db in
            // Columns beyond the seven of the first schema were dropped at import; now they are kept, and
            // reports break the flow down by them. The new columns are empty: the rollups start empty too.
            try db.execute(sql: StoreMigrations.v12)
            let suspended = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_rollup_state)") ?? false
            if !suspended {
                for trigger in StoreMigrations.v12Triggers { try db.execute(sql: trigger.sql) }
            }
        }
        migrator.registerMigration("v13-first-response-index") { db in
            // A week's first responses were read ticket by ticket from the table: ~100 ms of a report.
            let suspended = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_rollup_state)") ?? false
            if !suspended { try db.execute(sql: StoreMigrations.v13Index.sql) }
        }
        migrator.registerMigration("v14-review-queue") { db in
            // Doubtful answers wait for a person instead of being applied (classify --min-confidence).
            try db.execute(sql: StoreMigrations.v14)
        }
        migrator.registerMigration("v15-taxonomy") { db in
            // A team's own labels replace the fixed four of each: the tickets' labels reference the taxonomy's
            // tables instead of a CHECK, which SQLite changes only by rebuilding the table. The migrator checks
            // the foreign keys at the end (the rebuild runs with them off, so dropping the old table cascades to
            // nothing).
            for trigger in StoreMigrations.v15Triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger.name)") }
            try db.execute(sql: StoreMigrations.v15Taxonomy)
            try db.execute(sql: StoreMigrations.v15Tickets)
            let suspended = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_rollup_state)") ?? false
            if !suspended {
                for index in StoreMigrations.v15Indexes { try db.execute(sql: index.sql) }
                for trigger in StoreMigrations.v15Triggers { try db.execute(sql: trigger.sql) }
            }
        }
        migrator.registerMigration("v16-batch-review") { db in
            // Batches apply --min-confidence and --include-manual as synchronous runs do, when collected.
            try db.execute(sql: StoreMigrations.v16)
        }
        migrator.registerMigration("v17-backlog-cohorts") { db in
            // The backlog's age at a period's end was counted from every ticket created in the 30 days before it
            // (~20 ms of a report over a million tickets); the cohorts hold it by day.
            try db.execute(sql: StoreMigrations.v17)
            let suspended = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report_rollup_state)") ?? false
            if !suspended {
                for trigger in StoreMigrations.v17Triggers { try db.execute(sql: trigger.sql) }
                try db.execute(sql: StoreMigrations.v17Fill)
            }
        }
        migrator.registerMigration("v18-import-settings") { db in
            // An unchanged file was skipped however it was read before: a job whose mapping was fixed, or a
            // taxonomy that now has the labels its rows were rejected for, never saw it again.
            try db.execute(sql: StoreMigrations.v18)
        }
        migrator.registerMigration("v19-unusable-answers") { db in
            // A ticket whose answers were no usable label was sent again, and paid for, on every run; twice
            // answered so, it now waits for a person (a review entry without a suggestion).
            try db.execute(sql: StoreMigrations.v19)
        }
        return migrator
    }
}
