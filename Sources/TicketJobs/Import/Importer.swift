import Foundation
import GRDB
import Logging

/// Imports ticket exports into the store: streaming, idempotent, every rejected row accounted for.
public struct Importer {
    public let store: TicketStore
    public let clock: any WallClock
    public let logger: Logger

    public init(store: TicketStore, clock: any WallClock = SystemWallClock(), logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Imports `paths` in order. A file that cannot be read stops the run (earlier files stay imported).
    ///
    /// - Parameter progress: called every few thousand rows, from the importing thread.
    public func run(
        paths: [String], options: ImportOptions, progress: ((ImportProgress) -> Void)? = nil
    ) throws -> ImportSummary {
        let started = Date()
        var summary = ImportSummary()
        for path in paths {
            let rejectsPath = rejectsPath(for: path, among: paths, options: options)
            summary.files.append(try importFile(path, rejectsPath: rejectsPath, options: options, progress: progress))
        }
        summary.elapsedSeconds = Date().timeIntervalSince(started)
        return summary
    }

    func rejectsPath(for path: String, among paths: [String], options: ImportOptions) -> String {
        let format = options.format ?? ImportFormat.infer(fromPath: path) ?? .csv
        let base = path == "-" ? "stdin" : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let fileName = "\(base).rejects.\(format.fileExtension)"
        if let explicit = options.rejectsPath {
            return paths.count == 1 ? explicit : URL(fileURLWithPath: explicit).appendingPathComponent(fileName).path
        }
        let directory = store.path.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return directory.appendingPathComponent("rejects").appendingPathComponent(fileName).path
    }

    /// Imports one file; see `run`.
    public func importFile(
        _ path: String, rejectsPath: String, options: ImportOptions, progress: ((ImportProgress) -> Void)? = nil
    ) throws -> ImportFileSummary {
        guard let format = options.format ?? ImportFormat.infer(fromPath: path) else {
            throw ImportError.unknownFormat(file: path)
        }
        let source = try ByteSource(path: path)
        var summary = ImportFileSummary(file: source.name, format: format)
        let fingerprint = path == "-" ? nil : FileFingerprint(path: path)
        if options.skipUnchangedFiles, let fingerprint, try store.hasCompletedImport(of: fingerprint) {
            summary.skipped = true
            logger.info("import skipped: file unchanged since its last import", metadata: ["file": "\(path)"])
            return summary
        }
        let rows: any RowSource =
            switch format {
            case .csv: try CSVRowSource(source: source, mapping: options.mapping)
            case .jsonl: JSONLRowSource(source: source, mapping: options.mapping)
            }
        if format == .csv, !rows.unknownColumns.isEmpty {
            logger.warning(
                "import ignores columns the mapping does not know",
                metadata: ["file": "\(source.name)", "columns": "\(rows.unknownColumns.joined(separator: ", "))"])
        }
        let normalizer = RowNormalizer(
            mapping: options.mapping,
            dates: TimestampParser(timeZone: options.timeZone, extraFormats: options.mapping.dateFormats))
        let importedAt = Int64(clock.now().timeIntervalSince1970)
        let runID = try fingerprint.map { try store.beginImport(of: $0, at: importedAt) }
        var rejects: RejectsWriter?
        let started = Date()
        // With --max-rejects the file is one transaction, so giving up keeps nothing of it;
        // otherwise batches commit as they fill, and an interrupted import resumes idempotently.
        let batchSize = options.maxRejects == nil ? max(1, options.batchSize) : Int.max
        // Idle readers of this process would keep a first load from leaving WAL (they reopen when needed).
        (store.writer as? DatabasePool)?.invalidateReadOnlyConnections()
        do {
            try store.writer.writeWithoutTransaction { db in
                // Fewer checkpoints keep SQLite from writing every page twice while the import runs. A page cache
                // larger than 8 MB measured slower (and raised the peak past 100 MB): the operating system caches
                // the file anyway.
                try db.execute(sql: "PRAGMA cache_size = -8192; PRAGMA wal_autocheckpoint = 16384; PRAGMA temp_store = MEMORY")
                defer {
                    try? db.execute(
                        sql: "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000; PRAGMA temp_store = DEFAULT; PRAGMA threads = 0")
                    _ = try? db.checkpoint(.passive)
                }
                // A first load into an empty table builds its secondary indexes once at the end, in sorted passes,
                // and writes the report rollups it counted, instead of updating both row by row.
                let firstLoad = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM tickets)") ?? false
                if firstLoad { try db.inTransaction { try ReportRollups.suspend(db); return .commit } }
                // A first load writes pages nobody has read: a rollback journal writes them once, where WAL writes
                // each twice (into the log, then into the file). Leaving WAL needs the only connection to the file;
                // while another is open the load stays in WAL. Fully synced commits keep the journal power-safe.
                let rollbackJournal = firstLoad && (try? String.fetchOne(db, sql: "PRAGMA journal_mode = TRUNCATE")) == "truncate"
                if rollbackJournal {
                    logger.debug("first load: rollback journal", metadata: ["file": "\(source.name)"])
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                }
                defer {
                    if rollbackJournal {
                        try? db.execute(sql: "PRAGMA synchronous = NORMAL")
                        if (try? String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")) != "wal" {
                            logger.warning("the database stays in rollback-journal mode until it is next opened")
                        }
                    }
                }
                // A first load counts its rollups as it stores rows; they hold if every row was inserted. An id
                // twice in the file, or a load that fails, leaves them to be rebuilt from the table instead.
                var counted: RollupCounter?
                defer {
                    if firstLoad {
                        do {
                            // Sorting a million rows in memory would triple the import's peak: let it spill to disk. The
                            // reading thread is done, so SQLite may sort on a helper thread (index builds measured a
                            // quarter faster, with smaller runs to merge keeping the peak lower than before).
                            try db.execute(sql: "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -5120; PRAGMA threads = 1")
                            try db.inTransaction { try ReportRollups.restore(db, counted: counted); return .commit }
                        } catch {
                            // The next open of the store rebuilds them.
                            logger.error("could not rebuild the report rollups", metadata: ["error": "\(error)"])
                        }
                    }
                }
                let upserter = try TicketUpserter(db, firstLoad: firstLoad)
                var inBatch = 0
                try db.execute(sql: "BEGIN IMMEDIATE")
                do {
                    // Reading and validating run a few chunks ahead on a second thread, storing on this one.
                    let prefetcher = RowPrefetcher(rows: rows, normalizer: normalizer)
                    defer { prefetcher.finish() }
                    var counter = firstLoad ? RollupCounter() : nil
                    var everyRowInserted = true
                    while let chunk = try prefetcher.next() {
                        for row in chunk.items {
                            summary.read += 1
                            switch row.outcome {
                            case .success(let normalized):
                                switch try upserter.upsert(normalized, file: source.name, line: row.line, importedAt: importedAt) {
                                case .inserted:
                                    summary.inserted += 1
                                    counter?.add(normalized.ticket, source: .imported)
                                case .updated:
                                    summary.updated += 1
                                    everyRowInserted = false
                                case .unchanged:
                                    summary.unchanged += 1
                                    everyRowInserted = false
                                }
                            case .failure(let reason):
                                summary.rejected += 1
                                if let limit = options.maxRejects, summary.rejected > limit {
                                    throw ImportError.tooManyRejects(file: source.name, limit: limit)
                                }
                                let rejection = RowRejection(file: source.name, line: row.line, reason: reason)
                                if rejects == nil { rejects = try RejectsWriter(path: rejectsPath, header: rows.header) }
                                try rejects!.write(rejection, raw: row.raw!)
                                if summary.rejected <= 20 {
                                    logger.notice("row rejected", metadata: ["at": "\(rejection.file):\(rejection.line)", "reason": "\(reason)"])
                                }
                            }
                            inBatch += 1
                            if inBatch >= batchSize {
                                try db.execute(sql: "COMMIT")
                                try db.execute(sql: "BEGIN IMMEDIATE")
                                inBatch = 0
                            }
                            if summary.read % 5000 == 0, let progress {
                                progress(ImportProgress(file: source.name, rows: summary.read, bytesRead: chunk.bytesRead,
                                                        totalBytes: source.totalBytes, elapsedSeconds: Date().timeIntervalSince(started)))
                            }
                        }
                        prefetcher.recycle(consume chunk)
                    }
                    try db.execute(sql: "COMMIT")
                    prefetcher.finish()
                    if everyRowInserted { counted = counter }
                } catch {
                    try? db.execute(sql: "ROLLBACK")
                    throw error
                }
            }
        } catch {
            rejects?.discard()
            if let runID { try? store.finishImport(runID, summary: summary, status: "failed") }
            throw error
        }
        if let rejects {
            try rejects.commit()
            summary.rejectsPath = rejects.path
        }
        if format == .jsonl, !rows.unknownColumns.isEmpty {
            logger.warning(
                "import ignores columns the mapping does not know",
                metadata: ["file": "\(source.name)", "columns": "\(rows.unknownColumns.joined(separator: ", "))"])
        }
        summary.unknownColumns = rows.unknownColumns
        if let runID { try store.finishImport(runID, summary: summary, status: "completed") }
        progress?(ImportProgress(file: source.name, rows: summary.read, bytesRead: rows.bytesRead,
                                 totalBytes: source.totalBytes, elapsedSeconds: Date().timeIntervalSince(started)))
        return summary
    }
}
