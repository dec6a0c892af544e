import GRDB

extension TicketStore {
    /// The versioned schema. Migrations are append-only: a released one is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tickets") { db in
            let categories = Category.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let priorities = Priority.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let statuses = Status.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let sources = LabelSource.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            try db.execute(
                sql: """
                    CREATE TABLE tickets (
                        id INTEGER PRIMARY KEY,
                        external_id TEXT NOT NULL UNIQUE,
                        title TEXT NOT NULL,
                        description TEXT NOT NULL,
                        category TEXT CHECK (category IN (\(categories))),
                        category_source TEXT CHECK (category_source IN (\(sources))),
                        priority TEXT CHECK (priority IN (\(priorities))),
                        priority_source TEXT CHECK (priority_source IN (\(sources))),
                        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN (\(statuses))),
                        created_at INTEGER NOT NULL,
                        resolved_at INTEGER,
                        source_file TEXT,
                        source_line INTEGER,
                        imported_at INTEGER NOT NULL,
                        content_hash INTEGER NOT NULL,
                        revision INTEGER NOT NULL DEFAULT 0,
                        label_model TEXT,
                        label_prompt_version TEXT,
                        label_confidence REAL,
                        labeled_at INTEGER,
                        CHECK ((category IS NULL) = (category_source IS NULL)),
                        CHECK ((priority IS NULL) = (priority_source IS NULL))
                    );
                    -- Reports filter on created_at and group by the labels: one covering index serves them all.
                    CREATE INDEX tickets_created_at ON tickets(created_at, category, priority, status);
                    CREATE INDEX tickets_category ON tickets(category);
                    CREATE INDEX tickets_priority ON tickets(priority);
                    CREATE INDEX tickets_status ON tickets(status);

                    CREATE TABLE import_files (
                        id INTEGER PRIMARY KEY,
                        path TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        modified_at INTEGER NOT NULL,
                        content_hash INTEGER,
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER,
                        status TEXT NOT NULL CHECK (status IN ('running','completed','failed')),
                        read INTEGER NOT NULL DEFAULT 0,
                        inserted INTEGER NOT NULL DEFAULT 0,
                        updated INTEGER NOT NULL DEFAULT 0,
                        unchanged INTEGER NOT NULL DEFAULT 0,
                        rejected INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX import_files_path ON import_files(path, size, modified_at);
                    """)
        }
        migrator.registerMigration("v2-classification") { db in
            try db.execute(
                sql: """
                    CREATE TABLE classification_calls (
                        id INTEGER PRIMARY KEY,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        provider TEXT NOT NULL CHECK (provider IN ('anthropic', 'local')),
                        model TEXT NOT NULL,
                        prompt_version TEXT NOT NULL,
                        text_hash INTEGER NOT NULL,
                        attempt INTEGER NOT NULL DEFAULT 1,
                        status TEXT NOT NULL CHECK (status IN ('labeled', 'failed', 'reused')),
                        http_status INTEGER,
                        latency_ms INTEGER,
                        input_tokens INTEGER NOT NULL DEFAULT 0,
                        output_tokens INTEGER NOT NULL DEFAULT 0,
                        cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
                        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
                        cost_usd REAL,
                        request_id TEXT,
                        category TEXT,
                        priority TEXT,
                        confidence REAL,
                        error TEXT,
                        raw_answer TEXT,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX classification_calls_ticket ON classification_calls(ticket_id);
                    CREATE INDEX classification_calls_reuse
                        ON classification_calls(text_hash, model, prompt_version) WHERE status = 'labeled';

                    CREATE TABLE classifier_models (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        trained_at INTEGER NOT NULL,
                        training_size INTEGER NOT NULL,
                        parameters BLOB NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3-jobs-and-evaluation") { db in
            try db.execute(
                sql: """
                    CREATE TABLE job_runs (
                        id INTEGER PRIMARY KEY,
                        job TEXT NOT NULL,
                        file TEXT NOT NULL,
                        trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'catch_up')),
                        pid INTEGER NOT NULL,
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER,
                        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'rejected_rows', 'interrupted')),
                        steps TEXT NOT NULL DEFAULT '[]',
                        error TEXT
                    );
                    CREATE INDEX job_runs_job ON job_runs(job, started_at);

                    CREATE TABLE evaluation_answers (
                        text_hash INTEGER NOT NULL,
                        model TEXT NOT NULL,
                        prompt_version TEXT NOT NULL,
                        category TEXT,
                        priority TEXT,
                        input_tokens INTEGER NOT NULL DEFAULT 0,
                        output_tokens INTEGER NOT NULL DEFAULT 0,
                        cost_usd REAL,
                        latency_ms INTEGER,
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (text_hash, model, prompt_version)
                    );
                    """)
        }
        migrator.registerMigration("v4-message-batches") { db in
            try db.execute(
                sql: """
                    -- A Message Batch as this database knows it. The row (and its requests) is written before the
                    -- batch is submitted, so a crash between submitting and recording leaves a 'submitting' row
                    -- that the next run reconciles with the API's list instead of submitting again.
                    CREATE TABLE message_batches (
                        id INTEGER PRIMARY KEY,
                        key TEXT NOT NULL UNIQUE,
                        remote_id TEXT UNIQUE,
                        model TEXT NOT NULL,
                        prompt_version TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN
                            ('submitting', 'in_progress', 'canceling', 'ended', 'collected', 'failed', 'abandoned')),
                        requests INTEGER NOT NULL,
                        bytes INTEGER NOT NULL,
                        relabel INTEGER NOT NULL DEFAULT 0,
                        pid INTEGER NOT NULL,
                        submitted_at INTEGER NOT NULL,
                        remote_created_at INTEGER,
                        expires_at INTEGER,
                        ended_at INTEGER,
                        collected_at INTEGER,
                        succeeded INTEGER NOT NULL DEFAULT 0,
                        errored INTEGER NOT NULL DEFAULT 0,
                        expired INTEGER NOT NULL DEFAULT 0,
                        canceled INTEGER NOT NULL DEFAULT 0,
                        invalid INTEGER NOT NULL DEFAULT 0,
                        cost_usd REAL,
                        sync_cost_usd REAL,
                        error TEXT
                    );
                    CREATE INDEX message_batches_status ON message_batches(status);

                    -- Which tickets a batch holds. Tickets with identical text share one custom_id (one paid request).
                    CREATE TABLE message_batch_requests (
                        batch_id INTEGER NOT NULL REFERENCES message_batches(id) ON DELETE CASCADE,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        custom_id TEXT NOT NULL,
                        text_hash INTEGER NOT NULL,
                        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN
                            ('pending', 'succeeded', 'invalid', 'errored', 'expired', 'canceled', 'missing', 'released')),
                        PRIMARY KEY (batch_id, ticket_id)
                    );
                    CREATE INDEX message_batch_requests_custom_id ON message_batch_requests(batch_id, custom_id);
                    CREATE INDEX message_batch_requests_pending ON message_batch_requests(ticket_id) WHERE state = 'pending';
                    CREATE INDEX message_batch_requests_pending_text ON message_batch_requests(text_hash) WHERE state = 'pending';

                    ALTER TABLE classification_calls ADD COLUMN batch_id INTEGER REFERENCES message_batches(id);
                    """)
        }
        migrator.registerMigration("v5-report-rollups") { db in
            // The wider covering index of ReportRollups replaces the first one.
            try db.execute(sql: "DROP INDEX IF EXISTS tickets_created_at")
            try ReportRollups.create(db)
        }
        migrator.registerMigration("v6-tickets-checks-without-lists") { db in
            // `column IN (a, b, c, ...)` of more than two values makes SQLite build a temporary index each time
            // a statement runs: five of them per imported or relabelled ticket, half the import's time. The
            // same checks as comparisons cost nothing. SQLite changes a CHECK only by rebuilding the table.
            try ReportRollups.dropTriggers(db)
            try db.execute(sql: ticketsTable(named: "tickets_v6"))
            let columns = try db.columns(in: "tickets").map(\.name).joined(separator: ", ")
            try db.execute(sql: "INSERT INTO tickets_v6 (\(columns)) SELECT \(columns) FROM tickets")
            try db.execute(sql: "DROP TABLE tickets")
            try db.execute(sql: "ALTER TABLE tickets_v6 RENAME TO tickets")
            // The rollups count the same tickets as before: only what went with the old table comes back. A first
            // load that died with them suspended leaves its state behind, and `ensure` finishes its work.
            if try !ReportRollups.isSuspended(db) {
                try ReportRollups.createIndexes(db)
                try ReportRollups.createTriggers(db)
            }
        }
        migrator.registerMigration("v7-unlabeled-index") { db in
            // The single-label indexes served no report (the covering index does) and made classification sort
            // every unlabeled ticket for each page; one partial index in page order replaces them, and a first
            // load builds one index instead of three.
            for name in ["tickets_category", "tickets_priority", "tickets_status"] {
                try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
            }
            if try !ReportRollups.isSuspended(db) {
                try ReportRollups.createIndexes(db)
            }
        }
        migrator.registerMigration("v8-content-hash-scheme") { db in
            // Tickets already stored keep their byte-wise FNV-1a hashes, which re-imports must match; a store
            // without tickets can take the faster word-wise hash for good.
            try db.execute(
                sql: """
                    CREATE TABLE content_hash_scheme (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        scheme INTEGER NOT NULL CHECK (scheme = 1 OR scheme = 2)
                    );
                    INSERT INTO content_hash_scheme (id, scheme)
                        SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM tickets) THEN ? ELSE ? END
                    """,
                arguments: [ContentHashScheme.fnv1aBytes.rawValue, ContentHashScheme.words.rawValue])
        }
        return migrator
    }

    /// The tickets table as of v6, named `name`.
    private static func ticketsTable(named name: String) -> String {
        func oneOf<Value: RawRepresentable & CaseIterable>(_ column: String, _: Value.Type) -> String
        where Value.RawValue == String {
            "(" + Value.allCases.map { "\(column) = '\($0.rawValue)'" }.joined(separator: " OR ") + ")"
        }
        return """
            CREATE TABLE \(name) (
                id INTEGER PRIMARY KEY,
                external_id TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                category TEXT CHECK \(oneOf("category", Category.self)),
                category_source TEXT CHECK \(oneOf("category_source", LabelSource.self)),
                priority TEXT CHECK \(oneOf("priority", Priority.self)),
                priority_source TEXT CHECK \(oneOf("priority_source", LabelSource.self)),
                status TEXT NOT NULL DEFAULT 'open' CHECK \(oneOf("status", Status.self)),
                created_at INTEGER NOT NULL,
                resolved_at INTEGER,
                source_file TEXT,
                source_line INTEGER,
                imported_at INTEGER NOT NULL,
                content_hash INTEGER NOT NULL,
                revision INTEGER NOT NULL DEFAULT 0,
                label_model TEXT,
                label_prompt_version TEXT,
                label_confidence REAL,
                labeled_at INTEGER,
                CHECK ((category IS NULL) = (category_source IS NULL)),
                CHECK ((priority IS NULL) = (priority_source IS NULL))
            )
            """
    }
}
