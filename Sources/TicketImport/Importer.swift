import Foundation
import Logging
import TicketModel
import TicketDatabase

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

    /// Imports `paths` in order. A file that cannot be read stops the run; earlier files stay imported, and the
    /// error comes as `ImportStopped` with their summary.
    ///
    /// - Parameter progress: called every few thousand rows, from the importing thread.
    public func run(
        paths: [String], options: ImportOptions, progress: ((ImportProgress) -> Void)? = nil
    ) throws -> ImportSummary {
        let started = Date()
        // A rebuild the store's open left to this import, when no load of it completed a killed one.
        defer {
            do {
                try store.rebuildIfNeeded()
            } catch {
                logger.error("could not rebuild the report rollups", metadata: ["error": "\(error)"])
            }
        }
        let rejectsPaths = try Self.rejectsPaths(for: paths, options: options, database: store.path)
        var summary = ImportSummary()
        for (path, rejectsPath) in zip(paths, rejectsPaths) {
            if Task.isCancelled {
                throw ImportInterrupted(file: path, summary: ImportSummary(files: summary.files))
            }
            do {
                summary.files.append(try importFile(path, rejectsPath: rejectsPath, options: options, progress: progress))
            } catch var interrupted as ImportInterrupted {
                interrupted.summary.files = summary.files + interrupted.summary.files
                interrupted.summary.elapsedSeconds = Date().timeIntervalSince(started)
                throw interrupted
            } catch where !summary.files.isEmpty {
                summary.elapsedSeconds = Date().timeIntervalSince(started)
                throw ImportStopped(error: error, summary: summary)
            }
        }
        summary.elapsedSeconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Reads the header of each CSV file among `paths` (the first object of each JSON one) and checks its columns
    /// as the import will, so that a file whose every row would be refused (a mistyped `--mapping`, a help desk's
    /// export read without its preset) stops the run before the store is opened, and leaves no new, empty
    /// database behind. Only regular files: a pipe's header, once read, would be gone for the import.
    public static func checkHeaders(paths: [String], options: ImportOptions) throws {
        for path in paths where path != "-" {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
            let source = try Importer.source(path, options: options)
            switch try format(of: path, options: options) {
            case .csv: _ = try csvRows(path, source: source, options: options)
            case .jsonl:
                // Its first object stands for a header (past lines that hold none: not JSON, not an object, too
                // long); any other problem of the file is the import's to report.
                do {
                    let rows = jsonRows(path, source: source, options: options)
                    func holdsNoObject(_ row: SourceRow) -> Bool {
                        switch row.problem {
                        case .invalidJSON, .notAnObject, .fieldTooLarge, .invalidUTF8, .invalidBytes: true
                        default: false
                        }
                    }
                    var read = 0
                    while read < 100, let row = try rows.next(), holdsNoObject(row) { read += 1 }
                } catch let error as ImportError {
                    switch error {
                    case .columnsEveryRowNeeds, .presetFits: throw error
                    default: break
                    }
                } catch {}
            }
        }
    }

    /// The rows of a JSON Lines file or JSON document: the import's, and `checkHeaders`'s.
    static func jsonRows(_ path: String, source: ByteSource, options: ImportOptions) -> JSONLRowSource {
        JSONLRowSource(
            source: source, mapping: options.mapping, maxLineBytes: options.maxFieldBytes,
            document: path.lowercased().hasSuffix(".json"), mappingChosen: options.chosenMapping != nil)
    }

    /// `path`'s bytes in the encoding the option names, else the mapping's.
    static func source(_ path: String, options: ImportOptions) throws -> ByteSource {
        try ByteSource(path: path, encoding: options.encoding ?? options.mapping.encoding)
    }

    /// The format `path` is read in: the option's, else its extension's.
    static func format(of path: String, options: ImportOptions) throws -> ImportFormat {
        guard let format = options.format ?? ImportFormat.infer(fromPath: path) else {
            throw ImportError.unknownFormat(file: path)
        }
        return format
    }

    /// The rows of a CSV file, its header read and checked: the import's, and `checkHeaders`'s.
    static func csvRows(_ path: String, source: ByteSource, options: ImportOptions) throws -> CSVRowSource {
        try CSVRowSource(
            source: source, mapping: options.mapping, maxFieldBytes: options.maxFieldBytes,
            delimiter: delimiter(for: path, options: options), mappingChosen: options.chosenMapping != nil)
    }

    /// The delimiter to read `path` with: the flag's, else the mapping's, else tab for `.tsv`, else sniffed.
    static func delimiter(for path: String, options: ImportOptions) -> CSVDelimiter {
        if options.delimiter != .auto { return options.delimiter }
        if let delimiter = options.mapping.delimiter, delimiter != .auto { return delimiter }
        let lowered = path.lowercased()
        if lowered.hasSuffix(".tsv") || lowered.hasSuffix(".tab") { return .tab }
        return .auto
    }

    /// Where each input's rejected rows go. One written over an input (or the database, standard input's too)
    /// would lose it: refused before any file is read, and callable before the store is opened, so that a
    /// refused run does not leave a new, empty database behind.
    public static func rejectsPaths(for paths: [String], options: ImportOptions, database: String?) throws -> [String] {
        let rejectsPaths = paths.map { rejectsPath(for: $0, among: paths, options: options, database: database) }
        for rejects in rejectsPaths {
            try TicketStore.refuseOverwriting(rejects, database: database)
            if let input = paths.first(where: { $0 != "-" && FilePaths.sameFile($0, rejects) }) {
                throw ImportError.rejectsReplaceInput(file: input, rejects: rejects)
            }
        }
        return rejectsPaths
    }

    static func rejectsPath(for path: String, among paths: [String], options: ImportOptions, database: String?) -> String {
        let format = options.format ?? ImportFormat.infer(fromPath: path) ?? .csv
        let base = path == "-" ? "stdin" : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let fileName = "\(base).rejects.\(format.fileExtension)"
        // Paths are joined as given, so that a relative database or folder gives a relative path to print.
        if let explicit = options.rejectsPath {
            // One input's rejects go to the file named, unless it names a folder (`--rejects rejects/`).
            var isFolder: ObjCBool = false
            let folder = explicit.hasSuffix("/")
                || (FileManager.default.fileExists(atPath: explicit, isDirectory: &isFolder) && isFolder.boolValue)
            return paths.count == 1 && !folder ? explicit : FilePaths.join(explicit, fileName)
        }
        let directory = database.map(FilePaths.parent) ?? ""
        return FilePaths.join(FilePaths.join(directory, "rejects"), fileName)
    }

    /// Imports one file; see `run`.
    public func importFile(
        _ path: String, rejectsPath: String, options: ImportOptions, progress: ((ImportProgress) -> Void)? = nil
    ) throws -> ImportFileSummary {
        // Opened first: a compressed file or a workbook is named as such, whatever its extension.
        let source = try Importer.source(path, options: options)
        let format = try Importer.format(of: path, options: options)
        var summary = ImportFileSummary(file: source.name, format: format)
        if source.looksLikeUTF8 {
            logger.warning(
                "the file reads as UTF-8 with non-ASCII text; its text will be garbled unless --encoding utf-8 is meant",
                metadata: ["file": "\(source.name)", "declared": "\(source.encoding)"])
        }
        let fingerprint = path == "-" ? nil : FileFingerprint(path: path)
        let taxonomy = try store.taxonomy()
        let settings = ImportSettings(format: format, options: options, encoding: source.encoding, taxonomy: taxonomy).fingerprint
        if options.skipUnchangedFiles, let fingerprint, try store.hasCompletedImport(of: fingerprint, settings: settings) {
            summary.skipped = true
            logger.info(
                "import skipped: file unchanged since its last import, and read the same way", metadata: ["file": "\(path)"])
            return summary
        }
        let rows: any RowSource =
            switch format {
            case .csv: try Importer.csvRows(path, source: source, options: options)
            case .jsonl: Importer.jsonRows(path, source: source, options: options)
            }
        if format == .csv { logKeptColumns(rows.unknownColumns, of: source) }
        let normalizer = RowNormalizer(
            mapping: options.mapping, taxonomy: taxonomy,
            dates: TimestampParser(timeZone: options.timeZone, extraFormats: options.mapping.dateFormats))
        let importedAt = Int64(clock.now().timeIntervalSince1970)
        let runID = try fingerprint.map { try store.beginImport(of: $0, settings: settings, at: importedAt) }
        var rejects: RejectsWriter?
        let started = Date()
        // With --max-rejects the file is one transaction, so giving up keeps nothing of it;
        // otherwise batches commit as they fill, and an interrupted import resumes idempotently.
        let oneTransaction = options.maxRejects != nil
        // Each batch ends in a check for a stop; one transaction is checked as often, without committing.
        let batchSize = max(1, oneTransaction ? 10_000 : options.batchSize)
        var batches = 0
        // What the last commit stored: an interrupted import reports and records this.
        var committed = summary
        var firstLoad = false
        do {
            try store.withBulkLoad(
                of: fingerprint, newRowShare: { newRowShare(path, format: format, options: options) }, logger: logger
            ) { loader in
                firstLoad = loader.isFirstLoad
                if loader.isFirstLoad { logger.debug("first load", metadata: ["file": "\(source.name)"]) }
                var inBatch = 0
                // Reading and validating run a few chunks ahead on a second thread, storing on this one.
                let prefetcher = RowPrefetcher(
                    rows: rows, normalizer: normalizer, preparer: loader.makePreparer(), trackRepeats: !loader.isFirstLoad)
                defer { prefetcher.finish() }
                while let chunk = try prefetcher.next() {
                    // Each row read in place: iterating, or an array's subscript, copies it (a reference count per text).
                    try chunk.items.withUnsafeBufferPointer { items in
                        for index in items.indices {
                            summary.read += 1
                            let line = items[index].line
                            var rejected = items[index].rejection
                            // Two ids sharing a hash is a 1-in-10^8 event at a million rows; only a ticket the
                            // store holds by now can have been seen.
                            if rejected == nil, items[index].maybeRepeat,
                                let first = try loader.storedLine(id: items[index].normalized!.ticket.id)
                            {
                                rejected = .repeatedID(id: items[index].normalized!.ticket.id, firstLine: first)
                            }
                            if rejected == nil {
                                // The ticket passed where it lies (`!` on it is no copy, a binding would be).
                                var stored = true
                                switch try loader.store(items[index].normalized!, file: source.name, line: line, importedAt: importedAt) {
                                case .inserted: summary.inserted += 1
                                case .updated: summary.updated += 1
                                case .unchanged:
                                    summary.unchanged += 1
                                    stored = false
                                case .repeated(let first):
                                    rejected = .repeatedID(id: items[index].normalized!.ticket.id, firstLine: first)
                                    stored = false
                                }
                                // Said when stored, not each night the same export reads the ticket unchanged.
                                if stored, let doubt = DoubtfulDates.doubt(items[index].normalized!.ticket, importedAt: importedAt) {
                                    if summary.doubtfulDates == nil { summary.doubtfulDates = DoubtfulDates() }
                                    summary.doubtfulDates!.count(doubt, line: line)
                                }
                            }
                            if let reason = rejected {
                                summary.rejected += 1
                                // The taxonomy's kinds only: a satisfaction outside good, bad and 1-5 is no label.
                                for refused in reason.refusedLabels {
                                    summary.countUnknownLabel(kind: refused.kind.rawValue, label: refused.label)
                                }
                                // A date in a format of its own has digits; a word ('n/a', 'soon') is a bad value.
                                if let unread = reason.unreadDates.first(where: { $0.value.contains(where: \.isNumber) }) {
                                    if summary.unreadDates == nil { summary.unreadDates = UnreadDates() }
                                    summary.unreadDates!.count(field: unread.field, value: unread.value, line: line)
                                }
                                if let limit = options.maxRejects, summary.rejected > limit {
                                    throw ImportError.tooManyRejects(file: source.name, limit: limit)
                                }
                                let rejection = RowRejection(file: source.name, line: line, reason: reason)
                                // Kept for every rejection: the repeat filter has no false negatives.
                                let raw = items[index].raw ?? .csv([])
                                if rejects == nil {
                                    rejects = try RejectsWriter(
                                        path: rejectsPath, header: rows.header,
                                        delimiter: (rows as? CSVRowSource)?.delimiter ?? .comma,
                                        markUTF8: format == .csv && source.encoding != "utf-8")
                                }
                                try rejects!.write(rejection, raw: raw)
                                if summary.rejected <= 20 {
                                    logger.notice("row rejected", metadata: ["at": "\(rejection.file):\(rejection.line)", "reason": "\(reason)"])
                                }
                            }
                            inBatch += 1
                            if inBatch >= batchSize {
                                if !oneTransaction {
                                    try loader.commit()
                                    committed = summary
                                }
                                batches += 1
                                inBatch = 0
                                try stopIfAsked(afterBatches: batches, options: options, file: source.name)
                            }
                            if summary.read % 5000 == 0, let progress {
                                progress(ImportProgress(file: source.name, rows: summary.read, bytesRead: chunk.bytesRead,
                                                        totalBytes: source.totalBytes, elapsedSeconds: Date().timeIntervalSince(started)))
                            }
                        }
                    }
                    prefetcher.recycle(consume chunk)
                }
                try loader.commit()
                prefetcher.finish()
            }
        } catch let interrupted as ImportInterrupted {
            // The rejects of the committed rows stay with them, for fixing and importing again.
            try? rejects?.commit()
            committed.rejectsPath = rejects?.path
            if let runID { try? store.finishImport(runID, counts: committed.counts, status: .interrupted) }
            logger.notice(
                "import interrupted", metadata: ["file": "\(source.name)", "committed_rows": "\(committed.read)"])
            throw ImportInterrupted(file: interrupted.file, summary: ImportSummary(files: [committed]))
        } catch {
            rejects?.discard()
            if let runID { try? store.finishImport(runID, counts: summary.counts, status: .failed) }
            throw error
        }
        if let rejects {
            try rejects.commit()
            summary.rejectsPath = rejects.path
        }
        if format == .jsonl { logKeptColumns(rows.unknownColumns, of: source) }
        if let doubtful = summary.doubtfulDates {
            logger.warning(
                "tickets with dates no help desk wrote, imported as they are",
                metadata: ["file": "\(source.name)", "tickets": "\(doubtful.count)", "first": "line \(doubtful.firstLine): \(doubtful.first)"])
        }
        // Under cron or a job's schedule, the log is where the hint to name the export's date format is read.
        if let unread = summary.unreadDates {
            logger.warning(
                "rows rejected for dates in no format read: a mapping file's date_formats: reads the export's own",
                metadata: ["file": "\(source.name)", "rows": "\(unread.count)",
                           "first": "line \(unread.firstLine): \(unread.field) '\(unread.first)'"])
        }
        if !firstLoad, Self.regularFileSize(path) == nil { adviseAFile(for: summary, bytesRead: rows.bytesRead) }
        summary.unknownColumns = rows.unknownColumns
        summary.encoding = source.encoding
        summary.delimiter = (rows as? CSVRowSource)?.delimiter.name
        if let runID { try store.finishImport(runID, counts: summary.counts, status: .completed) }
        progress?(ImportProgress(file: source.name, rows: summary.read, bytesRead: rows.bytesRead,
                                 totalBytes: source.totalBytes, elapsedSeconds: Date().timeIntervalSince(started)))
        return summary
    }

    /// Says which columns are kept as attributes: nothing is dropped, `export` writes them back, and reports never
    /// read them. A spreadsheet of thousands of columns is named by its first few, each cut as a reason cuts one.
    private func logKeptColumns(_ columns: [String], of source: ByteSource) {
        guard !columns.isEmpty else { return }
        let shown = columns.prefix(Self.keptColumnsNamed).map { $0.isEmpty ? "\"\"" : String($0.prefix(80)) }.joined(separator: ", ")
        let more = columns.count - Self.keptColumnsNamed
        logger.info(
            "import keeps columns the mapping does not know as each ticket's attributes",
            metadata: ["file": "\(source.name)", "columns": "\(shown)\(more > 0 ? " and \(more) more" : "")"])
    }

    /// How many of the kept columns the log line names.
    static let keptColumnsNamed = 20

    /// Stops between batches when the task is cancelled (SIGINT, SIGTERM): what was committed stays, the rest
    /// (with --max-rejects, all of the file) is rolled back. Also where the test hooks of `ImportOptions` act.
    private func stopIfAsked(afterBatches batches: Int, options: ImportOptions, file: String) throws {
        if let limit = options.crashAfterBatches, batches >= limit {
            // As SIGKILL would: no cleanup, no rollback of the open state (the first load's suspended rollups).
            _exit(137)
        }
        if let limit = options.pauseAfterBatches, batches == limit {
            logger.notice("import paused (TICKETJOBS_PAUSE_IMPORT_AFTER_BATCHES)", metadata: ["file": "\(file)"])
            let deadline = Date().addingTimeInterval(60)
            while !Task.isCancelled, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }
        if Task.isCancelled { throw ImportInterrupted(file: file) }
    }
}
