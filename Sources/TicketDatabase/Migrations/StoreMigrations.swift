/// The literal SQL of each migration (see `TicketStore.migrator`). Never edited once landed.
enum StoreMigrations {
    static let v1 = """
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            category TEXT CHECK (category IN ('billing','technical','account','general')),
            category_source TEXT CHECK (category_source IN ('imported','llm','local','manual')),
            priority TEXT CHECK (priority IN ('low','medium','high','critical')),
            priority_source TEXT CHECK (priority_source IN ('imported','llm','local','manual')),
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','in_progress','resolved','closed')),
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
        """

    static let v2 = """
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
        """

    static let v3 = """
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
        """

    static let v4 = """
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
        """

    /// The report rollups' tables and indexes, filled from the tickets; `v5Triggers` keep them.
    static let v5 = """
        DROP INDEX IF EXISTS tickets_created_at;
        CREATE TABLE report_hours (
            hour INTEGER PRIMARY KEY,
            tickets INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- Labels, statuses and sources as '' when missing: a primary key cannot match NULLs.
        CREATE TABLE report_days (
            day INTEGER NOT NULL,
            category TEXT NOT NULL,
            priority TEXT NOT NULL,
            status TEXT NOT NULL,
            category_source TEXT NOT NULL,
            priority_source TEXT NOT NULL,
            resolved INTEGER NOT NULL,
            tickets INTEGER NOT NULL,
            resolution_seconds INTEGER NOT NULL,
            PRIMARY KEY (day, category, priority, status, category_source, priority_source, resolved)
        ) WITHOUT ROWID;
        CREATE TABLE report_resolution (
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            month INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            tickets INTEGER NOT NULL,
            PRIMARY KEY (kind, label, month, bucket)
        ) WITHOUT ROWID;
        -- Set while a first import has the triggers suspended: by which process, since when.
        CREATE TABLE report_rollup_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            suspended_by INTEGER NOT NULL,
            suspended_at INTEGER NOT NULL
        );
        CREATE TABLE report_calls (
            day INTEGER PRIMARY KEY,
            requests INTEGER NOT NULL,
            cost_usd REAL NOT NULL
        ) WITHOUT ROWID;
        -- Every column a report reads, so its raw edges and short periods never touch the table.
        CREATE INDEX IF NOT EXISTS tickets_report ON tickets(created_at, category, priority, status, category_source, priority_source, resolved_at);
        CREATE INDEX IF NOT EXISTS tickets_resolved ON tickets(resolved_at, created_at) WHERE resolved_at IS NOT NULL;
        INSERT INTO report_hours (hour, tickets) SELECT ((created_at - (((created_at) % 3600) + 3600) % 3600) / 3600), COUNT(*) FROM tickets GROUP BY 1;
        INSERT INTO report_days (day, category, priority, status, category_source, priority_source, resolved, tickets,
                resolution_seconds)
            SELECT ((created_at - (((created_at) % 86400) + 86400) % 86400) / 86400) AS day, COALESCE(category, '') AS category,
                COALESCE(priority, '') AS priority, status AS status, COALESCE(category_source, '') AS category_source,
                COALESCE(priority_source, '') AS priority_source, resolved_at IS NOT NULL AS resolved, COUNT(*),
                COALESCE(SUM(resolved_at - created_at), 0)
            FROM tickets GROUP BY 1, 2, 3, 4, 5, 6, 7;
        INSERT INTO report_resolution (kind, label, month, bucket, tickets)
            SELECT 'category', category, (CAST(strftime('%Y', created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', created_at, 'unixepoch') AS INTEGER) - 1),
                (CASE WHEN resolved_at <= created_at THEN -1000000
                    ELSE CAST(round(ln((resolved_at - created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), COUNT(*)
            FROM tickets WHERE resolved_at IS NOT NULL AND category IS NOT NULL GROUP BY 2, 3, 4;
        INSERT INTO report_resolution (kind, label, month, bucket, tickets)
            SELECT 'priority', priority, (CAST(strftime('%Y', created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', created_at, 'unixepoch') AS INTEGER) - 1),
                (CASE WHEN resolved_at <= created_at THEN -1000000
                    ELSE CAST(round(ln((resolved_at - created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), COUNT(*)
            FROM tickets WHERE resolved_at IS NOT NULL AND priority IS NOT NULL GROUP BY 2, 3, 4;
        INSERT INTO report_calls (day, requests, cost_usd)
            SELECT ((t.created_at - (((t.created_at) % 86400) + 86400) % 86400) / 86400), COUNT(*), COALESCE(SUM(c.cost_usd), 0)
            FROM classification_calls c JOIN tickets t ON t.id = c.ticket_id GROUP BY 1;
        """

    /// The triggers that keep the report rollups, as v5 created them (v6 recreated them unchanged).
    static let v5Triggers: [(name: String, sql: String)] = [
        (
            "tickets_rollup_insert",
            """
            CREATE TRIGGER tickets_rollup_insert AFTER INSERT ON tickets BEGIN INSERT INTO report_hours (hour, tickets) VALUES (((NEW.created_at - (((NEW.created_at) % 3600) + 3600) % 3600) / 3600), 1)
                ON CONFLICT (hour) DO UPDATE SET tickets = tickets + excluded.tickets;
            INSERT INTO report_days (day, category, priority, status, category_source, priority_source, resolved, tickets,
                    resolution_seconds)
                SELECT ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400) AS day, COALESCE(NEW.category, '') AS category,
            COALESCE(NEW.priority, '') AS priority, NEW.status AS status,
            COALESCE(NEW.category_source, '') AS category_source,
            COALESCE(NEW.priority_source, '') AS priority_source, NEW.resolved_at IS NOT NULL AS resolved, 1, 1 * COALESCE(NEW.resolved_at - NEW.created_at, 0) WHERE true
                ON CONFLICT (day, category, priority, status, category_source, priority_source, resolved)
                DO UPDATE SET tickets = tickets + excluded.tickets,
                    resolution_seconds = resolution_seconds + excluded.resolution_seconds;
            INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                SELECT 'category', NEW.category, (CAST(strftime('%Y', NEW.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.resolved_at <= NEW.created_at THEN -1000000
                ELSE CAST(round(ln((NEW.resolved_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                WHERE NEW.resolved_at IS NOT NULL AND NEW.category IS NOT NULL
                ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
            INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                SELECT 'priority', NEW.priority, (CAST(strftime('%Y', NEW.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.resolved_at <= NEW.created_at THEN -1000000
                ELSE CAST(round(ln((NEW.resolved_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                WHERE NEW.resolved_at IS NOT NULL AND NEW.priority IS NOT NULL
                ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets; END
            """
        ),
        (
            "tickets_rollup_delete",
            """
            CREATE TRIGGER tickets_rollup_delete AFTER DELETE ON tickets BEGIN INSERT INTO report_hours (hour, tickets) VALUES (((OLD.created_at - (((OLD.created_at) % 3600) + 3600) % 3600) / 3600), -1)
                ON CONFLICT (hour) DO UPDATE SET tickets = tickets + excluded.tickets;
            INSERT INTO report_days (day, category, priority, status, category_source, priority_source, resolved, tickets,
                    resolution_seconds)
                SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400) AS day, COALESCE(OLD.category, '') AS category,
            COALESCE(OLD.priority, '') AS priority, OLD.status AS status,
            COALESCE(OLD.category_source, '') AS category_source,
            COALESCE(OLD.priority_source, '') AS priority_source, OLD.resolved_at IS NOT NULL AS resolved, -1, -1 * COALESCE(OLD.resolved_at - OLD.created_at, 0) WHERE true
                ON CONFLICT (day, category, priority, status, category_source, priority_source, resolved)
                DO UPDATE SET tickets = tickets + excluded.tickets,
                    resolution_seconds = resolution_seconds + excluded.resolution_seconds;
            INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                SELECT 'category', OLD.category, (CAST(strftime('%Y', OLD.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.resolved_at <= OLD.created_at THEN -1000000
                ELSE CAST(round(ln((OLD.resolved_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                WHERE OLD.resolved_at IS NOT NULL AND OLD.category IS NOT NULL
                ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
            INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                SELECT 'priority', OLD.priority, (CAST(strftime('%Y', OLD.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.resolved_at <= OLD.created_at THEN -1000000
                ELSE CAST(round(ln((OLD.resolved_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                WHERE OLD.resolved_at IS NOT NULL AND OLD.priority IS NOT NULL
                ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets; END
            """
        ),
        (
            "tickets_rollup_update",
            """
            CREATE TRIGGER tickets_rollup_update AFTER UPDATE OF created_at, resolved_at, category, priority, status, category_source, priority_source ON tickets
            WHEN OLD.created_at IS NOT NEW.created_at OR OLD.resolved_at IS NOT NEW.resolved_at
                OR OLD.category IS NOT NEW.category OR OLD.priority IS NOT NEW.priority OR OLD.status IS NOT NEW.status
                OR OLD.category_source IS NOT NEW.category_source OR OLD.priority_source IS NOT NEW.priority_source
            BEGIN 
            INSERT INTO report_days (day, category, priority, status, category_source, priority_source, resolved, tickets,
                    resolution_seconds)
                SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400) AS day, COALESCE(OLD.category, '') AS category,
            COALESCE(OLD.priority, '') AS priority, OLD.status AS status,
            COALESCE(OLD.category_source, '') AS category_source,
            COALESCE(OLD.priority_source, '') AS priority_source, OLD.resolved_at IS NOT NULL AS resolved, -1, -1 * COALESCE(OLD.resolved_at - OLD.created_at, 0) WHERE true
                ON CONFLICT (day, category, priority, status, category_source, priority_source, resolved)
                DO UPDATE SET tickets = tickets + excluded.tickets,
                    resolution_seconds = resolution_seconds + excluded.resolution_seconds;
            INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                SELECT 'category', OLD.category, (CAST(strftime('%Y', OLD.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.resolved_at <= OLD.created_at THEN -1000000
                ELSE CAST(round(ln((OLD.resolved_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                WHERE OLD.resolved_at IS NOT NULL AND OLD.category IS NOT NULL
                ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
            INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                SELECT 'priority', OLD.priority, (CAST(strftime('%Y', OLD.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.resolved_at <= OLD.created_at THEN -1000000
                ELSE CAST(round(ln((OLD.resolved_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                WHERE OLD.resolved_at IS NOT NULL AND OLD.priority IS NOT NULL
                ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets; 
            INSERT INTO report_days (day, category, priority, status, category_source, priority_source, resolved, tickets,
                    resolution_seconds)
                SELECT ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400) AS day, COALESCE(NEW.category, '') AS category,
            COALESCE(NEW.priority, '') AS priority, NEW.status AS status,
            COALESCE(NEW.category_source, '') AS category_source,
            COALESCE(NEW.priority_source, '') AS priority_source, NEW.resolved_at IS NOT NULL AS resolved, 1, 1 * COALESCE(NEW.resolved_at - NEW.created_at, 0) WHERE true
                ON CONFLICT (day, category, priority, status, category_source, priority_source, resolved)
                DO UPDATE SET tickets = tickets + excluded.tickets,
                    resolution_seconds = resolution_seconds + excluded.resolution_seconds;
            INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                SELECT 'category', NEW.category, (CAST(strftime('%Y', NEW.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.resolved_at <= NEW.created_at THEN -1000000
                ELSE CAST(round(ln((NEW.resolved_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                WHERE NEW.resolved_at IS NOT NULL AND NEW.category IS NOT NULL
                ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
            INSERT INTO report_resolution (kind, label, month, bucket, tickets)
                SELECT 'priority', NEW.priority, (CAST(strftime('%Y', NEW.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.resolved_at <= NEW.created_at THEN -1000000
                ELSE CAST(round(ln((NEW.resolved_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                WHERE NEW.resolved_at IS NOT NULL AND NEW.priority IS NOT NULL
                ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets; END
            """
        ),
        (
            "tickets_rollup_move_hour",
            """
            CREATE TRIGGER tickets_rollup_move_hour AFTER UPDATE OF created_at ON tickets WHEN ((OLD.created_at - (((OLD.created_at) % 3600) + 3600) % 3600) / 3600) != ((NEW.created_at - (((NEW.created_at) % 3600) + 3600) % 3600) / 3600)
            BEGIN INSERT INTO report_hours (hour, tickets) VALUES (((OLD.created_at - (((OLD.created_at) % 3600) + 3600) % 3600) / 3600), -1)
                ON CONFLICT (hour) DO UPDATE SET tickets = tickets + excluded.tickets; INSERT INTO report_hours (hour, tickets) VALUES (((NEW.created_at - (((NEW.created_at) % 3600) + 3600) % 3600) / 3600), 1)
                ON CONFLICT (hour) DO UPDATE SET tickets = tickets + excluded.tickets; END
            """
        ),
        (
            "tickets_rollup_move_calls",
            """
            CREATE TRIGGER tickets_rollup_move_calls AFTER UPDATE OF created_at ON tickets WHEN ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400) != ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400)
            BEGIN INSERT INTO report_calls (day, requests, cost_usd)
                SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), -1 * COUNT(*), -1 * COALESCE(SUM(cost_usd), 0)
                FROM classification_calls WHERE ticket_id = OLD.id
                ON CONFLICT (day) DO UPDATE SET requests = requests + excluded.requests, cost_usd = cost_usd + excluded.cost_usd; INSERT INTO report_calls (day, requests, cost_usd)
                SELECT ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), 1 * COUNT(*), 1 * COALESCE(SUM(cost_usd), 0)
                FROM classification_calls WHERE ticket_id = NEW.id
                ON CONFLICT (day) DO UPDATE SET requests = requests + excluded.requests, cost_usd = cost_usd + excluded.cost_usd; END
            """
        ),
        (
            "classification_calls_rollup_insert",
            """
            CREATE TRIGGER classification_calls_rollup_insert AFTER INSERT ON classification_calls BEGIN
                INSERT INTO report_calls (day, requests, cost_usd)
                    SELECT ((created_at - (((created_at) % 86400) + 86400) % 86400) / 86400), 1, COALESCE(NEW.cost_usd, 0) FROM tickets WHERE id = NEW.ticket_id
                    ON CONFLICT (day) DO UPDATE SET requests = requests + 1, cost_usd = cost_usd + excluded.cost_usd;
            END
            """
        ),
        (
            "tickets_rollup_delete_calls",
            """
            CREATE TRIGGER tickets_rollup_delete_calls BEFORE DELETE ON tickets BEGIN INSERT INTO report_calls (day, requests, cost_usd)
                SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), -1 * COUNT(*), -1 * COALESCE(SUM(cost_usd), 0)
                FROM classification_calls WHERE ticket_id = OLD.id
                ON CONFLICT (day) DO UPDATE SET requests = requests + excluded.requests, cost_usd = cost_usd + excluded.cost_usd; END
            """
        ),
        (
            "classification_calls_rollup_delete",
            """
            CREATE TRIGGER classification_calls_rollup_delete AFTER DELETE ON classification_calls BEGIN
                UPDATE report_calls SET requests = requests - 1, cost_usd = cost_usd - COALESCE(OLD.cost_usd, 0)
                WHERE day = (SELECT ((created_at - (((created_at) % 86400) + 86400) % 86400) / 86400) FROM tickets WHERE id = OLD.ticket_id);
            END
            """
        ),
    ]

    /// The tickets table rebuilt with its CHECKs as comparisons.
    static let v6 = """
        CREATE TABLE tickets_v6 (
            id INTEGER PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            category TEXT CHECK (category = 'billing' OR category = 'technical' OR category = 'account' OR category = 'general'),
            category_source TEXT CHECK (category_source = 'imported' OR category_source = 'llm' OR category_source = 'local' OR category_source = 'manual'),
            priority TEXT CHECK (priority = 'low' OR priority = 'medium' OR priority = 'high' OR priority = 'critical'),
            priority_source TEXT CHECK (priority_source = 'imported' OR priority_source = 'llm' OR priority_source = 'local' OR priority_source = 'manual'),
            status TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'in_progress' OR status = 'resolved' OR status = 'closed'),
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
        INSERT INTO tickets_v6 (id, external_id, title, description, category, category_source, priority, priority_source,
                status, created_at, resolved_at, source_file, source_line, imported_at, content_hash, revision, label_model,
                label_prompt_version, label_confidence, labeled_at)
            SELECT id, external_id, title, description, category, category_source, priority, priority_source, status,
                created_at, resolved_at, source_file, source_line, imported_at, content_hash, revision, label_model,
                label_prompt_version, label_confidence, labeled_at FROM tickets;
        DROP TABLE tickets;
        ALTER TABLE tickets_v6 RENAME TO tickets
        """

    /// The indexes v6 rebuilt with the table (the covering `tickets_report` serves every report query).
    static let v6Indexes: [(name: String, sql: String)] = [
        (
            "tickets_report",
            "CREATE INDEX tickets_report ON tickets(created_at, category, priority, status, category_source, priority_source, resolved_at)"
        ),
        ("tickets_resolved", "CREATE INDEX tickets_resolved ON tickets(resolved_at, created_at) WHERE resolved_at IS NOT NULL"),
        ("tickets_category", "CREATE INDEX tickets_category ON tickets(category)"),
        ("tickets_priority", "CREATE INDEX tickets_priority ON tickets(priority)"),
        ("tickets_status", "CREATE INDEX tickets_status ON tickets(status)"),
    ]

    static let v7DropIndexes = """
        DROP INDEX IF EXISTS tickets_category;
        DROP INDEX IF EXISTS tickets_priority;
        DROP INDEX IF EXISTS tickets_status;
        """

    /// Classification's pages of unlabeled tickets, in the order it reads them; the page query repeats this
    /// condition word for word, which is what lets SQLite use a partial index.
    static let v7Index = (
        name: "tickets_unlabeled",
        sql: "CREATE INDEX tickets_unlabeled ON tickets(created_at, id) WHERE (category IS NULL OR priority IS NULL)"
    )

    static let v8 = """
        CREATE TABLE content_hash_scheme (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            scheme INTEGER NOT NULL CHECK (scheme = 1 OR scheme = 2)
        );
        INSERT INTO content_hash_scheme (id, scheme)
            SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM tickets) THEN 1 ELSE 2 END
        """

    /// `import_files` with the importing process and an `interrupted` status (a CHECK changes only by rebuilding).
    static let v9 = """
        CREATE TABLE import_files_v9 (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            modified_at INTEGER NOT NULL,
            content_hash INTEGER,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            status TEXT NOT NULL CHECK (status = 'running' OR status = 'completed' OR status = 'failed' OR status = 'interrupted'),
            read INTEGER NOT NULL DEFAULT 0,
            inserted INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            pid INTEGER
        );
        INSERT INTO import_files_v9 (id, path, size, modified_at, content_hash, started_at, finished_at, status, read,
                inserted, updated, unchanged, rejected)
            SELECT id, path, size, modified_at, content_hash, started_at, finished_at, status, read, inserted, updated,
                unchanged, rejected FROM import_files;
        DROP TABLE import_files;
        ALTER TABLE import_files_v9 RENAME TO import_files;
        CREATE INDEX import_files_path ON import_files(path, size, modified_at);
        -- Imports left running by a release that recorded no process: none of them can still be running.
        UPDATE import_files SET status = 'interrupted' WHERE status = 'running';
        """

    /// The call rollups count requests to the API only: not the local model's labels, not reused answers.
    static let v10Triggers: [(name: String, sql: String)] = [
        (
            "tickets_rollup_move_calls",
            """
            CREATE TRIGGER tickets_rollup_move_calls AFTER UPDATE OF created_at ON tickets WHEN ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400) != ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400)
            BEGIN INSERT INTO report_calls (day, requests, cost_usd)
                SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), -1 * COUNT(*), -1 * COALESCE(SUM(cost_usd), 0)
                FROM classification_calls WHERE ticket_id = OLD.id AND provider = 'anthropic' AND status != 'reused'
                ON CONFLICT (day) DO UPDATE SET requests = requests + excluded.requests, cost_usd = cost_usd + excluded.cost_usd; INSERT INTO report_calls (day, requests, cost_usd)
                SELECT ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), 1 * COUNT(*), 1 * COALESCE(SUM(cost_usd), 0)
                FROM classification_calls WHERE ticket_id = NEW.id AND provider = 'anthropic' AND status != 'reused'
                ON CONFLICT (day) DO UPDATE SET requests = requests + excluded.requests, cost_usd = cost_usd + excluded.cost_usd; END
            """
        ),
        (
            "classification_calls_rollup_insert",
            """
            CREATE TRIGGER classification_calls_rollup_insert AFTER INSERT ON classification_calls
                WHEN NEW.provider = 'anthropic' AND NEW.status != 'reused' BEGIN
                INSERT INTO report_calls (day, requests, cost_usd)
                    SELECT ((created_at - (((created_at) % 86400) + 86400) % 86400) / 86400), 1, COALESCE(NEW.cost_usd, 0) FROM tickets WHERE id = NEW.ticket_id
                    ON CONFLICT (day) DO UPDATE SET requests = requests + 1, cost_usd = cost_usd + excluded.cost_usd;
            END
            """
        ),
        (
            "tickets_rollup_delete_calls",
            """
            CREATE TRIGGER tickets_rollup_delete_calls BEFORE DELETE ON tickets BEGIN INSERT INTO report_calls (day, requests, cost_usd)
                SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), -1 * COUNT(*), -1 * COALESCE(SUM(cost_usd), 0)
                FROM classification_calls WHERE ticket_id = OLD.id AND provider = 'anthropic' AND status != 'reused'
                ON CONFLICT (day) DO UPDATE SET requests = requests + excluded.requests, cost_usd = cost_usd + excluded.cost_usd; END
            """
        ),
        (
            "classification_calls_rollup_delete",
            """
            CREATE TRIGGER classification_calls_rollup_delete AFTER DELETE ON classification_calls
                WHEN OLD.provider = 'anthropic' AND OLD.status != 'reused' BEGIN
                UPDATE report_calls SET requests = requests - 1, cost_usd = cost_usd - COALESCE(OLD.cost_usd, 0)
                WHERE day = (SELECT ((created_at - (((created_at) % 86400) + 86400) % 86400) / 86400) FROM tickets WHERE id = OLD.ticket_id);
            END
            """
        ),
    ]

    /// `report_calls` refilled under v10's definition.
    static let v10 = """
        DELETE FROM report_calls;
        INSERT INTO report_calls (day, requests, cost_usd)
            SELECT ((t.created_at - (((t.created_at) % 86400) + 86400) % 86400) / 86400), COUNT(*), COALESCE(SUM(c.cost_usd), 0)
            FROM classification_calls c JOIN tickets t ON t.id = c.ticket_id
            WHERE c.provider = 'anthropic' AND c.status != 'reused' GROUP BY 1;
        """

    /// Flow and backlog rollups: per UTC day and labels, the tickets that entered the backlog (created, unless
    /// resolved or closed without a time), left it (at the later of creation and resolution), were resolved, or
    /// were closed without a time; and resolution hours by the month of resolution.
    static let v11 = """
        CREATE TABLE report_flow (
            day INTEGER NOT NULL,
            category TEXT NOT NULL,
            priority TEXT NOT NULL,
            entered INTEGER NOT NULL,
            exited INTEGER NOT NULL,
            resolved INTEGER NOT NULL,
            untimed INTEGER NOT NULL,
            PRIMARY KEY (day, category, priority)
        ) WITHOUT ROWID;
        CREATE TABLE report_resolved_hours (
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            month INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            tickets INTEGER NOT NULL,
            PRIMARY KEY (kind, label, month, bucket)
        ) WITHOUT ROWID;
        DROP INDEX IF EXISTS tickets_resolved;
        """

    /// What v11 fills the new rollups with, when no first load has them suspended.
    static let v11Fill = """
        INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
            SELECT day, category, priority, SUM(entered), SUM(exited), SUM(resolved), SUM(untimed) FROM (
                SELECT ((created_at - (((created_at) % 86400) + 86400) % 86400) / 86400) AS day, COALESCE(category, '') AS category,
                    COALESCE(priority, '') AS priority, NOT (tickets.resolved_at IS NULL AND (tickets.status = 'resolved' OR tickets.status = 'closed')) AS entered,
                    COALESCE(resolved_at < created_at, 0) AS exited, 0 AS resolved, (tickets.resolved_at IS NULL AND (tickets.status = 'resolved' OR tickets.status = 'closed')) AS untimed
                FROM tickets
                UNION ALL
                SELECT ((resolved_at - (((resolved_at) % 86400) + 86400) % 86400) / 86400), COALESCE(category, ''), COALESCE(priority, ''), 0,
                    resolved_at >= created_at, 1, 0
                FROM tickets WHERE resolved_at IS NOT NULL)
            GROUP BY 1, 2, 3;
        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
            SELECT 'category', category, (CAST(strftime('%Y', resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', resolved_at, 'unixepoch') AS INTEGER) - 1),
                (CASE WHEN resolved_at <= created_at THEN -1000000 ELSE CAST(round(ln((resolved_at - created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), COUNT(*)
            FROM tickets WHERE resolved_at IS NOT NULL AND category IS NOT NULL GROUP BY 2, 3, 4;
        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
            SELECT 'priority', priority, (CAST(strftime('%Y', resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', resolved_at, 'unixepoch') AS INTEGER) - 1),
                (CASE WHEN resolved_at <= created_at THEN -1000000 ELSE CAST(round(ln((resolved_at - created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), COUNT(*)
            FROM tickets WHERE resolved_at IS NOT NULL AND priority IS NOT NULL GROUP BY 2, 3, 4;
        """

    /// The indexes v11 adds: resolutions with their labels (flow edges, resolved hours), and the tickets that
    /// spent 30 days or more in the backlog or have not left it (the oldest of the backlog at any instant).
    static let v11Indexes: [(name: String, sql: String)] = [
        (
            "tickets_resolution",
            "CREATE INDEX tickets_resolution ON tickets(resolved_at, created_at, category, priority) WHERE resolved_at IS NOT NULL"
        ),
        (
            "tickets_long_open",
            "CREATE INDEX tickets_long_open ON tickets(created_at) WHERE (resolved_at IS NULL OR resolved_at - created_at >= 2592000)"
        ),
    ]

    /// The triggers that keep the flow rollups.
    static let v11Triggers: [(name: String, sql: String)] = [
        (
            "tickets_flow_insert",
            """
            CREATE TRIGGER tickets_flow_insert AFTER INSERT ON tickets BEGIN
                        INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
                            SELECT ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), COALESCE(NEW.category, ''), COALESCE(NEW.priority, ''),
                                1 * (NOT (NEW.resolved_at IS NULL AND (NEW.status = 'resolved' OR NEW.status = 'closed'))), 1 * COALESCE(NEW.resolved_at < NEW.created_at, 0), 0, 1 * (NEW.resolved_at IS NULL AND (NEW.status = 'resolved' OR NEW.status = 'closed')) WHERE true
                            ON CONFLICT (day, category, priority) DO UPDATE SET entered = entered + excluded.entered,
                                exited = exited + excluded.exited, untimed = untimed + excluded.untimed;
                        INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
                            SELECT ((NEW.resolved_at - (((NEW.resolved_at) % 86400) + 86400) % 86400) / 86400), COALESCE(NEW.category, ''), COALESCE(NEW.priority, ''),
                                0, 1 * (NEW.resolved_at >= NEW.created_at), 1, 0 WHERE NEW.resolved_at IS NOT NULL
                            ON CONFLICT (day, category, priority) DO UPDATE SET exited = exited + excluded.exited,
                                resolved = resolved + excluded.resolved;
                        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
                            SELECT 'category', NEW.category, (CAST(strftime('%Y', NEW.resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.resolved_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.resolved_at <= NEW.created_at THEN -1000000 ELSE CAST(round(ln((NEW.resolved_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                            WHERE NEW.resolved_at IS NOT NULL AND NEW.category IS NOT NULL
                            ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
                            SELECT 'priority', NEW.priority, (CAST(strftime('%Y', NEW.resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.resolved_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.resolved_at <= NEW.created_at THEN -1000000 ELSE CAST(round(ln((NEW.resolved_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                            WHERE NEW.resolved_at IS NOT NULL AND NEW.priority IS NOT NULL
                            ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        END
            """
        ),
        (
            "tickets_flow_delete",
            """
            CREATE TRIGGER tickets_flow_delete AFTER DELETE ON tickets BEGIN
                        INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
                            SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), COALESCE(OLD.category, ''), COALESCE(OLD.priority, ''),
                                -1 * (NOT (OLD.resolved_at IS NULL AND (OLD.status = 'resolved' OR OLD.status = 'closed'))), -1 * COALESCE(OLD.resolved_at < OLD.created_at, 0), 0, -1 * (OLD.resolved_at IS NULL AND (OLD.status = 'resolved' OR OLD.status = 'closed')) WHERE true
                            ON CONFLICT (day, category, priority) DO UPDATE SET entered = entered + excluded.entered,
                                exited = exited + excluded.exited, untimed = untimed + excluded.untimed;
                        INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
                            SELECT ((OLD.resolved_at - (((OLD.resolved_at) % 86400) + 86400) % 86400) / 86400), COALESCE(OLD.category, ''), COALESCE(OLD.priority, ''),
                                0, -1 * (OLD.resolved_at >= OLD.created_at), -1, 0 WHERE OLD.resolved_at IS NOT NULL
                            ON CONFLICT (day, category, priority) DO UPDATE SET exited = exited + excluded.exited,
                                resolved = resolved + excluded.resolved;
                        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
                            SELECT 'category', OLD.category, (CAST(strftime('%Y', OLD.resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.resolved_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.resolved_at <= OLD.created_at THEN -1000000 ELSE CAST(round(ln((OLD.resolved_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                            WHERE OLD.resolved_at IS NOT NULL AND OLD.category IS NOT NULL
                            ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
                            SELECT 'priority', OLD.priority, (CAST(strftime('%Y', OLD.resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.resolved_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.resolved_at <= OLD.created_at THEN -1000000 ELSE CAST(round(ln((OLD.resolved_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                            WHERE OLD.resolved_at IS NOT NULL AND OLD.priority IS NOT NULL
                            ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        END
            """
        ),
        (
            "tickets_flow_update",
            """
            CREATE TRIGGER tickets_flow_update AFTER UPDATE OF created_at, resolved_at, category, priority, status ON tickets
                        WHEN OLD.created_at IS NOT NEW.created_at OR OLD.resolved_at IS NOT NEW.resolved_at
                            OR OLD.category IS NOT NEW.category OR OLD.priority IS NOT NEW.priority OR OLD.status IS NOT NEW.status
                        BEGIN
                        INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
                            SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), COALESCE(OLD.category, ''), COALESCE(OLD.priority, ''),
                                -1 * (NOT (OLD.resolved_at IS NULL AND (OLD.status = 'resolved' OR OLD.status = 'closed'))), -1 * COALESCE(OLD.resolved_at < OLD.created_at, 0), 0, -1 * (OLD.resolved_at IS NULL AND (OLD.status = 'resolved' OR OLD.status = 'closed')) WHERE true
                            ON CONFLICT (day, category, priority) DO UPDATE SET entered = entered + excluded.entered,
                                exited = exited + excluded.exited, untimed = untimed + excluded.untimed;
                        INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
                            SELECT ((OLD.resolved_at - (((OLD.resolved_at) % 86400) + 86400) % 86400) / 86400), COALESCE(OLD.category, ''), COALESCE(OLD.priority, ''),
                                0, -1 * (OLD.resolved_at >= OLD.created_at), -1, 0 WHERE OLD.resolved_at IS NOT NULL
                            ON CONFLICT (day, category, priority) DO UPDATE SET exited = exited + excluded.exited,
                                resolved = resolved + excluded.resolved;
                        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
                            SELECT 'category', OLD.category, (CAST(strftime('%Y', OLD.resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.resolved_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.resolved_at <= OLD.created_at THEN -1000000 ELSE CAST(round(ln((OLD.resolved_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                            WHERE OLD.resolved_at IS NOT NULL AND OLD.category IS NOT NULL
                            ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
                            SELECT 'priority', OLD.priority, (CAST(strftime('%Y', OLD.resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.resolved_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.resolved_at <= OLD.created_at THEN -1000000 ELSE CAST(round(ln((OLD.resolved_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                            WHERE OLD.resolved_at IS NOT NULL AND OLD.priority IS NOT NULL
                            ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
                            SELECT ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), COALESCE(NEW.category, ''), COALESCE(NEW.priority, ''),
                                1 * (NOT (NEW.resolved_at IS NULL AND (NEW.status = 'resolved' OR NEW.status = 'closed'))), 1 * COALESCE(NEW.resolved_at < NEW.created_at, 0), 0, 1 * (NEW.resolved_at IS NULL AND (NEW.status = 'resolved' OR NEW.status = 'closed')) WHERE true
                            ON CONFLICT (day, category, priority) DO UPDATE SET entered = entered + excluded.entered,
                                exited = exited + excluded.exited, untimed = untimed + excluded.untimed;
                        INSERT INTO report_flow (day, category, priority, entered, exited, resolved, untimed)
                            SELECT ((NEW.resolved_at - (((NEW.resolved_at) % 86400) + 86400) % 86400) / 86400), COALESCE(NEW.category, ''), COALESCE(NEW.priority, ''),
                                0, 1 * (NEW.resolved_at >= NEW.created_at), 1, 0 WHERE NEW.resolved_at IS NOT NULL
                            ON CONFLICT (day, category, priority) DO UPDATE SET exited = exited + excluded.exited,
                                resolved = resolved + excluded.resolved;
                        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
                            SELECT 'category', NEW.category, (CAST(strftime('%Y', NEW.resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.resolved_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.resolved_at <= NEW.created_at THEN -1000000 ELSE CAST(round(ln((NEW.resolved_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                            WHERE NEW.resolved_at IS NOT NULL AND NEW.category IS NOT NULL
                            ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        INSERT INTO report_resolved_hours (kind, label, month, bucket, tickets)
                            SELECT 'priority', NEW.priority, (CAST(strftime('%Y', NEW.resolved_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.resolved_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.resolved_at <= NEW.created_at THEN -1000000 ELSE CAST(round(ln((NEW.resolved_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                            WHERE NEW.resolved_at IS NOT NULL AND NEW.priority IS NOT NULL
                            ON CONFLICT (kind, label, month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        END
            """
        ),
    ]

    /// The export's own columns: who and which team has a ticket, where it came from, its tags (a JSON array),
    /// its first response, the customer's satisfaction, and every other column as a JSON object. Beside them,
    /// rollups per UTC day of the tickets created, entering and leaving the backlog, and resolved, by group,
    /// assignee, channel, satisfaction and tag; and first-response hours per month of creation.
    static let v12 = """
        ALTER TABLE tickets ADD COLUMN assignee TEXT;
        ALTER TABLE tickets ADD COLUMN group_name TEXT;
        ALTER TABLE tickets ADD COLUMN channel TEXT;
        ALTER TABLE tickets ADD COLUMN tags TEXT;
        ALTER TABLE tickets ADD COLUMN first_response_at INTEGER;
        ALTER TABLE tickets ADD COLUMN satisfaction TEXT;
        ALTER TABLE tickets ADD COLUMN attributes TEXT;
        CREATE TABLE report_dimensions (
            dimension TEXT NOT NULL,
            value TEXT NOT NULL,
            day INTEGER NOT NULL,
            created INTEGER NOT NULL,
            entered INTEGER NOT NULL,
            exited INTEGER NOT NULL,
            resolved INTEGER NOT NULL,
            PRIMARY KEY (dimension, value, day)
        ) WITHOUT ROWID;
        CREATE TABLE report_first_response (
            month INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            tickets INTEGER NOT NULL,
            PRIMARY KEY (month, bucket)
        ) WITHOUT ROWID;
        """

    /// The triggers that keep the rollups of the export's own columns.
    static let v12Triggers: [(name: String, sql: String)] = [
        (
            "tickets_dimensions_insert",
            """
            CREATE TRIGGER tickets_dimensions_insert AFTER INSERT ON tickets BEGIN
                        INSERT INTO report_dimensions (dimension, value, day, created, entered, exited, resolved)
                            SELECT d.dimension, d.value, ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), 1, 1 * (NOT (NEW.resolved_at IS NULL AND (NEW.status = 'resolved' OR NEW.status = 'closed'))),
                                1 * COALESCE(NEW.resolved_at < NEW.created_at, 0), 0
                            FROM (SELECT 'group' AS dimension, NEW.group_name AS value UNION ALL SELECT 'assignee', NEW.assignee UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'satisfaction', NEW.satisfaction UNION ALL SELECT 'tag', value FROM json_each(NEW.tags)) AS d WHERE d.value IS NOT NULL
                            ON CONFLICT (dimension, value, day) DO UPDATE SET created = created + excluded.created,
                                entered = entered + excluded.entered, exited = exited + excluded.exited;
                        INSERT INTO report_dimensions (dimension, value, day, created, entered, exited, resolved)
                            SELECT d.dimension, d.value, ((NEW.resolved_at - (((NEW.resolved_at) % 86400) + 86400) % 86400) / 86400), 0, 0, 1 * (NEW.resolved_at >= NEW.created_at), 1
                            FROM (SELECT 'group' AS dimension, NEW.group_name AS value UNION ALL SELECT 'assignee', NEW.assignee UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'satisfaction', NEW.satisfaction UNION ALL SELECT 'tag', value FROM json_each(NEW.tags)) AS d WHERE d.value IS NOT NULL AND NEW.resolved_at IS NOT NULL
                            ON CONFLICT (dimension, value, day) DO UPDATE SET exited = exited + excluded.exited,
                                resolved = resolved + excluded.resolved;
                        INSERT INTO report_first_response (month, bucket, tickets)
                            SELECT (CAST(strftime('%Y', NEW.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.first_response_at <= NEW.created_at THEN -1000000 ELSE CAST(round(ln((NEW.first_response_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                            WHERE NEW.first_response_at IS NOT NULL
                            ON CONFLICT (month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        END
            """
        ),
        (
            "tickets_dimensions_delete",
            """
            CREATE TRIGGER tickets_dimensions_delete AFTER DELETE ON tickets BEGIN
                        INSERT INTO report_dimensions (dimension, value, day, created, entered, exited, resolved)
                            SELECT d.dimension, d.value, ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), -1, -1 * (NOT (OLD.resolved_at IS NULL AND (OLD.status = 'resolved' OR OLD.status = 'closed'))),
                                -1 * COALESCE(OLD.resolved_at < OLD.created_at, 0), 0
                            FROM (SELECT 'group' AS dimension, OLD.group_name AS value UNION ALL SELECT 'assignee', OLD.assignee UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'satisfaction', OLD.satisfaction UNION ALL SELECT 'tag', value FROM json_each(OLD.tags)) AS d WHERE d.value IS NOT NULL
                            ON CONFLICT (dimension, value, day) DO UPDATE SET created = created + excluded.created,
                                entered = entered + excluded.entered, exited = exited + excluded.exited;
                        INSERT INTO report_dimensions (dimension, value, day, created, entered, exited, resolved)
                            SELECT d.dimension, d.value, ((OLD.resolved_at - (((OLD.resolved_at) % 86400) + 86400) % 86400) / 86400), 0, 0, -1 * (OLD.resolved_at >= OLD.created_at), -1
                            FROM (SELECT 'group' AS dimension, OLD.group_name AS value UNION ALL SELECT 'assignee', OLD.assignee UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'satisfaction', OLD.satisfaction UNION ALL SELECT 'tag', value FROM json_each(OLD.tags)) AS d WHERE d.value IS NOT NULL AND OLD.resolved_at IS NOT NULL
                            ON CONFLICT (dimension, value, day) DO UPDATE SET exited = exited + excluded.exited,
                                resolved = resolved + excluded.resolved;
                        INSERT INTO report_first_response (month, bucket, tickets)
                            SELECT (CAST(strftime('%Y', OLD.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.first_response_at <= OLD.created_at THEN -1000000 ELSE CAST(round(ln((OLD.first_response_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                            WHERE OLD.first_response_at IS NOT NULL
                            ON CONFLICT (month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        END
            """
        ),
        (
            "tickets_dimensions_update",
            """
            CREATE TRIGGER tickets_dimensions_update AFTER UPDATE OF created_at, resolved_at, status, group_name, assignee, channel, satisfaction, tags, first_response_at ON tickets
                        WHEN OLD.created_at IS NOT NEW.created_at OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.status IS NOT NEW.status OR OLD.group_name IS NOT NEW.group_name OR OLD.assignee IS NOT NEW.assignee OR OLD.channel IS NOT NEW.channel OR OLD.satisfaction IS NOT NEW.satisfaction OR OLD.tags IS NOT NEW.tags OR OLD.first_response_at IS NOT NEW.first_response_at
                        BEGIN
                        INSERT INTO report_dimensions (dimension, value, day, created, entered, exited, resolved)
                            SELECT d.dimension, d.value, ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), -1, -1 * (NOT (OLD.resolved_at IS NULL AND (OLD.status = 'resolved' OR OLD.status = 'closed'))),
                                -1 * COALESCE(OLD.resolved_at < OLD.created_at, 0), 0
                            FROM (SELECT 'group' AS dimension, OLD.group_name AS value UNION ALL SELECT 'assignee', OLD.assignee UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'satisfaction', OLD.satisfaction UNION ALL SELECT 'tag', value FROM json_each(OLD.tags)) AS d WHERE d.value IS NOT NULL
                            ON CONFLICT (dimension, value, day) DO UPDATE SET created = created + excluded.created,
                                entered = entered + excluded.entered, exited = exited + excluded.exited;
                        INSERT INTO report_dimensions (dimension, value, day, created, entered, exited, resolved)
                            SELECT d.dimension, d.value, ((OLD.resolved_at - (((OLD.resolved_at) % 86400) + 86400) % 86400) / 86400), 0, 0, -1 * (OLD.resolved_at >= OLD.created_at), -1
                            FROM (SELECT 'group' AS dimension, OLD.group_name AS value UNION ALL SELECT 'assignee', OLD.assignee UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'satisfaction', OLD.satisfaction UNION ALL SELECT 'tag', value FROM json_each(OLD.tags)) AS d WHERE d.value IS NOT NULL AND OLD.resolved_at IS NOT NULL
                            ON CONFLICT (dimension, value, day) DO UPDATE SET exited = exited + excluded.exited,
                                resolved = resolved + excluded.resolved;
                        INSERT INTO report_first_response (month, bucket, tickets)
                            SELECT (CAST(strftime('%Y', OLD.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', OLD.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN OLD.first_response_at <= OLD.created_at THEN -1000000 ELSE CAST(round(ln((OLD.first_response_at - OLD.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), -1
                            WHERE OLD.first_response_at IS NOT NULL
                            ON CONFLICT (month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        INSERT INTO report_dimensions (dimension, value, day, created, entered, exited, resolved)
                            SELECT d.dimension, d.value, ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), 1, 1 * (NOT (NEW.resolved_at IS NULL AND (NEW.status = 'resolved' OR NEW.status = 'closed'))),
                                1 * COALESCE(NEW.resolved_at < NEW.created_at, 0), 0
                            FROM (SELECT 'group' AS dimension, NEW.group_name AS value UNION ALL SELECT 'assignee', NEW.assignee UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'satisfaction', NEW.satisfaction UNION ALL SELECT 'tag', value FROM json_each(NEW.tags)) AS d WHERE d.value IS NOT NULL
                            ON CONFLICT (dimension, value, day) DO UPDATE SET created = created + excluded.created,
                                entered = entered + excluded.entered, exited = exited + excluded.exited;
                        INSERT INTO report_dimensions (dimension, value, day, created, entered, exited, resolved)
                            SELECT d.dimension, d.value, ((NEW.resolved_at - (((NEW.resolved_at) % 86400) + 86400) % 86400) / 86400), 0, 0, 1 * (NEW.resolved_at >= NEW.created_at), 1
                            FROM (SELECT 'group' AS dimension, NEW.group_name AS value UNION ALL SELECT 'assignee', NEW.assignee UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'satisfaction', NEW.satisfaction UNION ALL SELECT 'tag', value FROM json_each(NEW.tags)) AS d WHERE d.value IS NOT NULL AND NEW.resolved_at IS NOT NULL
                            ON CONFLICT (dimension, value, day) DO UPDATE SET exited = exited + excluded.exited,
                                resolved = resolved + excluded.resolved;
                        INSERT INTO report_first_response (month, bucket, tickets)
                            SELECT (CAST(strftime('%Y', NEW.created_at, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.created_at, 'unixepoch') AS INTEGER) - 1), (CASE WHEN NEW.first_response_at <= NEW.created_at THEN -1000000 ELSE CAST(round(ln((NEW.first_response_at - NEW.created_at) / 3600.0) / ln(1.01)) AS INTEGER) END), 1
                            WHERE NEW.first_response_at IS NOT NULL
                            ON CONFLICT (month, bucket) DO UPDATE SET tickets = tickets + excluded.tickets;
                        END
            """
        ),
    ]

    /// First responses of the tickets created in a report's edges, read from the index alone.
    static let v13Index = (
        name: "tickets_first_response",
        sql: "CREATE INDEX tickets_first_response ON tickets(created_at, first_response_at) WHERE first_response_at IS NOT NULL"
    )

    /// Answers given with less confidence than a run asked for: not applied, waiting for a person.
    static let v14 = """
        CREATE TABLE review_queue (
            ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
            suggested_category TEXT NOT NULL,
            suggested_priority TEXT NOT NULL,
            confidence REAL,
            model TEXT NOT NULL,
            queued_at INTEGER NOT NULL
        );
        """

    /// A team's own labels. The taxonomy's categories (in report order) and priorities (lowest first) with their
    /// definitions, starting with the four of each that the CHECKs allowed, and its few-shot examples.
    static let v15Taxonomy = """
        CREATE TABLE taxonomy_categories (
            name TEXT PRIMARY KEY NOT NULL,
            position INTEGER NOT NULL,
            definition TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE taxonomy_priorities (
            name TEXT PRIMARY KEY NOT NULL,
            position INTEGER NOT NULL,
            definition TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE taxonomy_examples (
            position INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            category TEXT NOT NULL REFERENCES taxonomy_categories(name),
            priority TEXT NOT NULL REFERENCES taxonomy_priorities(name)
        );
        CREATE TABLE taxonomy_revision (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            revision INTEGER NOT NULL,
            changed_at INTEGER
        );
        INSERT INTO taxonomy_revision (id, revision, changed_at) VALUES (1, 1, NULL);
        INSERT INTO taxonomy_categories (name, position, definition) VALUES
            ('billing', 0, 'payments, charges, refunds, invoices, prices, plans, subscriptions and their cancellation.'),
            ('technical', 1, 'the product misbehaving: errors, crashes, outages, slowness, bugs, integrations, data sync, imports and exports.'),
            ('account', 2, 'access to and administration of an account: login, passwords, two-factor, SSO, users and seats, ownership, profile and e-mail changes, account security, data deletion requests.'),
            ('general', 3, 'everything else: questions, how-to, feature requests, feedback, documentation, sales and partnership inquiries.');
        INSERT INTO taxonomy_priorities (name, position, definition) VALUES
            ('low', 0, 'questions, feedback, cosmetic issues, requests with no urgency.'),
            ('medium', 1, 'something is impaired but a workaround exists; ordinary requests that need action.'),
            ('high', 2, 'a core function is broken or a person is blocked with no workaround; wrong charges.'),
            ('critical', 3, 'production down or unusable for many users, data loss, a security incident, or money being lost right now.');
        INSERT INTO taxonomy_examples (position, title, description, category, priority) VALUES
            (0, 'Charged twice this month', 'Please refund the duplicate charge.', 'billing', 'high'),
            (1, 'Site down', 'Nobody in our company can log in, all pages return 503.', 'technical', 'critical'),
            (2, 'Add a colleague', 'How do I invite a new user to our workspace?', 'account', 'low'),
            (3, 'Dark mode?', 'Would love a dark theme.', 'general', 'low');
        """

    /// The tickets table rebuilt with its labels referencing the taxonomy instead of CHECKing a fixed list.
    static let v15Tickets = """
        CREATE TABLE tickets_v15 (
            id INTEGER PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            category TEXT REFERENCES taxonomy_categories(name),
            category_source TEXT CHECK (category_source = 'imported' OR category_source = 'llm' OR category_source = 'local' OR category_source = 'manual'),
            priority TEXT REFERENCES taxonomy_priorities(name),
            priority_source TEXT CHECK (priority_source = 'imported' OR priority_source = 'llm' OR priority_source = 'local' OR priority_source = 'manual'),
            status TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'in_progress' OR status = 'resolved' OR status = 'closed'),
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
            assignee TEXT,
            group_name TEXT,
            channel TEXT,
            tags TEXT,
            first_response_at INTEGER,
            satisfaction TEXT,
            attributes TEXT,
            CHECK ((category IS NULL) = (category_source IS NULL)),
            CHECK ((priority IS NULL) = (priority_source IS NULL))
        );
        INSERT INTO tickets_v15 (id, external_id, title, description, category, category_source, priority, priority_source,
                status, created_at, resolved_at, source_file, source_line, imported_at, content_hash, revision, label_model,
                label_prompt_version, label_confidence, labeled_at, assignee, group_name, channel, tags, first_response_at,
                satisfaction, attributes)
            SELECT id, external_id, title, description, category, category_source, priority, priority_source, status,
                created_at, resolved_at, source_file, source_line, imported_at, content_hash, revision, label_model,
                label_prompt_version, label_confidence, labeled_at, assignee, group_name, channel, tags, first_response_at,
                satisfaction, attributes FROM tickets;
        DROP TABLE tickets;
        ALTER TABLE tickets_v15 RENAME TO tickets
        """

    /// The indexes on `tickets` as v14 left them, which v15's rebuild recreates.
    static let v15Indexes: [(name: String, sql: String)] =
        v6Indexes.filter { $0.name == "tickets_report" } + [v7Index] + v11Indexes + [v13Index]

    /// The triggers on `tickets` as v14 left them, which v15's rebuild drops and recreates.
    static let v15Triggers: [(name: String, sql: String)] =
        v5Triggers.map { trigger in v10Triggers.first { $0.name == trigger.name } ?? trigger } + v11Triggers + v12Triggers

    /// What a batch was submitted to do with doubtful answers and a person's labels, so that whichever run
    /// collects it applies them (classify --batch --min-confidence, --relabel --include-manual).
    static let v16 = """
        ALTER TABLE message_batches ADD COLUMN min_confidence REAL;
        ALTER TABLE message_batches ADD COLUMN include_manual INTEGER NOT NULL DEFAULT 0;
        """

    /// The backlog by day of creation and length of stay: per UTC day of creation and labels, the tickets that
    /// entered the backlog, by the whole UTC days from that day to the day they left it (`stay`, 0-31; 32 for
    /// 32 days or more, or not left yet). A ticket created on day c is in the backlog at the start of day d
    /// when its stay is at least d - c, so the backlog's age at any instant of the last 30 days is read from
    /// here instead of from every ticket created in them.
    static let v17 = """
        CREATE TABLE report_backlog_cohorts (
            day INTEGER NOT NULL,
            category TEXT NOT NULL,
            priority TEXT NOT NULL,
            stay INTEGER NOT NULL,
            tickets INTEGER NOT NULL,
            PRIMARY KEY (day, category, priority, stay)
        ) WITHOUT ROWID;
        """

    /// What v17 fills the cohorts with, when no first load has the rollups suspended.
    static let v17Fill = """
        INSERT INTO report_backlog_cohorts (day, category, priority, stay, tickets)
            SELECT ((created_at - (((created_at) % 86400) + 86400) % 86400) / 86400), COALESCE(category, ''), COALESCE(priority, ''),
                CASE WHEN resolved_at IS NULL THEN 32 ELSE MIN(((resolved_at - (((resolved_at) % 86400) + 86400) % 86400) / 86400) - ((created_at - (((created_at) % 86400) + 86400) % 86400) / 86400), 32) END, COUNT(*)
            FROM tickets WHERE NOT (tickets.resolved_at IS NULL AND (tickets.status = 'resolved' OR tickets.status = 'closed')) AND COALESCE(tickets.resolved_at >= tickets.created_at, 1)
            GROUP BY 1, 2, 3, 4;
        """

    /// The triggers that keep the backlog cohorts.
    static let v17Triggers: [(name: String, sql: String)] = [
        (
            "tickets_cohorts_insert",
            """
            CREATE TRIGGER tickets_cohorts_insert AFTER INSERT ON tickets BEGIN
                        INSERT INTO report_backlog_cohorts (day, category, priority, stay, tickets)
                            SELECT ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), COALESCE(NEW.category, ''), COALESCE(NEW.priority, ''),
                                CASE WHEN NEW.resolved_at IS NULL THEN 32 ELSE MIN(((NEW.resolved_at - (((NEW.resolved_at) % 86400) + 86400) % 86400) / 86400) - ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), 32) END, 1
                            WHERE NOT (NEW.resolved_at IS NULL AND (NEW.status = 'resolved' OR NEW.status = 'closed')) AND COALESCE(NEW.resolved_at >= NEW.created_at, 1)
                            ON CONFLICT (day, category, priority, stay) DO UPDATE SET tickets = tickets + excluded.tickets;
                        END
            """
        ),
        (
            "tickets_cohorts_delete",
            """
            CREATE TRIGGER tickets_cohorts_delete AFTER DELETE ON tickets BEGIN
                        INSERT INTO report_backlog_cohorts (day, category, priority, stay, tickets)
                            SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), COALESCE(OLD.category, ''), COALESCE(OLD.priority, ''),
                                CASE WHEN OLD.resolved_at IS NULL THEN 32 ELSE MIN(((OLD.resolved_at - (((OLD.resolved_at) % 86400) + 86400) % 86400) / 86400) - ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), 32) END, -1
                            WHERE NOT (OLD.resolved_at IS NULL AND (OLD.status = 'resolved' OR OLD.status = 'closed')) AND COALESCE(OLD.resolved_at >= OLD.created_at, 1)
                            ON CONFLICT (day, category, priority, stay) DO UPDATE SET tickets = tickets + excluded.tickets;
                        END
            """
        ),
        (
            "tickets_cohorts_update",
            """
            CREATE TRIGGER tickets_cohorts_update AFTER UPDATE OF created_at, resolved_at, category, priority, status ON tickets
                        WHEN OLD.created_at IS NOT NEW.created_at OR OLD.resolved_at IS NOT NEW.resolved_at
                            OR OLD.category IS NOT NEW.category OR OLD.priority IS NOT NEW.priority OR OLD.status IS NOT NEW.status
                        BEGIN
                        INSERT INTO report_backlog_cohorts (day, category, priority, stay, tickets)
                            SELECT ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), COALESCE(OLD.category, ''), COALESCE(OLD.priority, ''),
                                CASE WHEN OLD.resolved_at IS NULL THEN 32 ELSE MIN(((OLD.resolved_at - (((OLD.resolved_at) % 86400) + 86400) % 86400) / 86400) - ((OLD.created_at - (((OLD.created_at) % 86400) + 86400) % 86400) / 86400), 32) END, -1
                            WHERE NOT (OLD.resolved_at IS NULL AND (OLD.status = 'resolved' OR OLD.status = 'closed')) AND COALESCE(OLD.resolved_at >= OLD.created_at, 1)
                            ON CONFLICT (day, category, priority, stay) DO UPDATE SET tickets = tickets + excluded.tickets;
                        INSERT INTO report_backlog_cohorts (day, category, priority, stay, tickets)
                            SELECT ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), COALESCE(NEW.category, ''), COALESCE(NEW.priority, ''),
                                CASE WHEN NEW.resolved_at IS NULL THEN 32 ELSE MIN(((NEW.resolved_at - (((NEW.resolved_at) % 86400) + 86400) % 86400) / 86400) - ((NEW.created_at - (((NEW.created_at) % 86400) + 86400) % 86400) / 86400), 32) END, 1
                            WHERE NOT (NEW.resolved_at IS NULL AND (NEW.status = 'resolved' OR NEW.status = 'closed')) AND COALESCE(NEW.resolved_at >= NEW.created_at, 1)
                            ON CONFLICT (day, category, priority, stay) DO UPDATE SET tickets = tickets + excluded.tickets;
                        END
            """
        ),
    ]

    /// The settings a file was imported under (`ImportSettings`): a job skips an unchanged file only when they
    /// are the same, so that a mapping or taxonomy fixed since applies. Files imported before have none.
    static let v18 = "ALTER TABLE import_files ADD COLUMN settings TEXT"

    /// A call whose answer was the model's own but no usable label (outside the taxonomy, no tool call, stopped
    /// by `max_tokens` or a refusal) says so; a ticket answered so twice waits in the review queue without a
    /// suggestion instead of being paid for again every run. Calls made before are counted as usable.
    static let v19 = """
        ALTER TABLE classification_calls ADD COLUMN unusable_answer INTEGER NOT NULL DEFAULT 0
            CHECK (unusable_answer = 0 OR unusable_answer = 1);
        CREATE TABLE review_queue_v19 (
            ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
            suggested_category TEXT,
            suggested_priority TEXT,
            confidence REAL,
            model TEXT NOT NULL,
            queued_at INTEGER NOT NULL,
            CHECK ((suggested_category IS NULL) = (suggested_priority IS NULL))
        );
        INSERT INTO review_queue_v19 (ticket_id, suggested_category, suggested_priority, confidence, model, queued_at)
            SELECT ticket_id, suggested_category, suggested_priority, confidence, model, queued_at FROM review_queue;
        DROP TABLE review_queue;
        ALTER TABLE review_queue_v19 RENAME TO review_queue;
        """
}
