import Foundation
import TicketDatabase
import TicketImport
import TicketModel

/// The review queue as a CSV a person fills in: the tickets a classifier was not sure of, with its suggestion
/// (none for those the model gave no usable answer), and two empty columns for the labels the person decides;
/// read back, those become `manual` labels.
public enum ReviewFile {
    public static let header = [
        "id", "title", "description", "suggested_category", "suggested_priority", "confidence", "category", "priority",
    ]

    /// Writes the queue (least sure first, up to `limit`); returns how many tickets it holds, and how many of them
    /// have no suggestion (the model gave them no usable label).
    public static func export(
        store: TicketStore, limit: Int?, write: ([UInt8]) throws -> Void
    ) throws -> (exported: Int, withoutSuggestion: Int) {
        var writer = CSVLineWriter()
        // The file is for a person, most often in a spreadsheet: Excel reads UTF-8 without a byte-order mark
        // as its own code page, and the tickets' £, é or ü would show garbled. `review import` drops the mark.
        try write([0xEF, 0xBB, 0xBF])
        try write(writer.line(header))
        let items = try store.reviewQueue(limit: limit)
        for item in items {
            // Ticket text is untrusted: a spreadsheet must not run it as a formula.
            try write(
                writer.line([
                    item.externalID, CSVFormulaGuard.escape(item.title), CSVFormulaGuard.escape(item.description),
                    item.suggestedCategory ?? "", item.suggestedPriority ?? "", item.confidence.map { String(format: "%.3f", $0) } ?? "",
                    "", "",
                ]))
        }
        return (items.count, items.filter { $0.suggestedCategory == nil }.count)
    }

    /// Where a review file's header puts the id and the two columns a person fills in.
    private static func columns(of header: CSVRecord) -> (id: Int, category: Int, priority: Int)? {
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let id = names.firstIndex(of: "id"), let category = names.firstIndex(of: "category"),
            let priority = names.firstIndex(of: "priority")
        else { return nil }
        return (id, category, priority)
    }

    /// A record's cell, trimmed; empty where the record is short.
    private static func cell(_ record: CSVRecord, _ index: Int) -> String {
        index < record.fields.count ? record.fields[index].trimmingCharacters(in: .whitespaces) : ""
    }

    /// How many rows of the review file at `path` hold a decision (a category or a priority filled in) for a
    /// ticket still waiting for review: a person's work not yet imported, which writing a new review file over
    /// it would lose. Zero when there is no such file, or it is not a review file.
    public static func unappliedDecisions(in path: String, store: TicketStore) throws -> Int {
        guard FileManager.default.fileExists(atPath: path),
            let reader = try? CSVRecordReader(source: try ByteSource(path: path), delimiter: .auto),
            let headerRecord = try? reader.next()
        else { return 0 }
        guard let (idColumn, categoryColumn, priorityColumn) = columns(of: headerRecord) else { return 0 }
        var decided: [String] = []
        // What cannot be read past is left to `review import` to report.
        while let record = try? reader.next() {
            if !cell(record, categoryColumn).isEmpty || !cell(record, priorityColumn).isEmpty {
                decided.append(cell(record, idColumn))
            }
        }
        let queued = try store.stillQueuedForReview(decided)
        return decided.filter(queued.contains).count
    }

    /// Applies the filled-in rows of `path` as `manual` labels, all or none: a row with an unknown label or
    /// id goes to `rejectsPath` and nothing is applied. The rejects file is the import's: the rows as they came
    /// (in the file's delimiter) with `reject_file`, `reject_line`, `reject_reason` beside them, and the same
    /// reasons, so it is fixed and imported again like the import's.
    /// `encoding` is the file's when it is not UTF-8 (a spreadsheet saved it as windows-1252, say); a byte-order
    /// mark decides on its own.
    public static func apply(
        path: String, store: TicketStore, rejectsPath: String, encoding: String? = nil, now: Date
    ) throws -> ReviewImportSummary {
        // The person's file, rejected, would be replaced by its rejected rows alone.
        if FilePaths.sameFile(path, rejectsPath) { throw ImportError.rejectsReplaceInput(file: path, rejects: rejectsPath) }
        try store.refuseOverwriting(rejectsPath)
        let reader = try CSVRecordReader(source: try ByteSource(path: path, encoding: encoding), delimiter: .auto)
        guard let headerRecord = try reader.next() else {
            throw ImportError.unreadable(file: path, reason: "the file is empty; expected the header \(header.joined(separator: ","))")
        }
        guard let (idColumn, categoryColumn, priorityColumn) = columns(of: headerRecord) else {
            throw ImportError.unreadable(
                file: path, reason: "line \(headerRecord.line): the header needs id, category and priority columns")
        }
        let taxonomy = try store.taxonomy()
        let categoryNames = Set(taxonomy.categoryNames), priorityNames = Set(taxonomy.priorityNames)
        var summary = ReviewImportSummary()
        var labels: [(line: Int, fields: [String], label: ReviewedLabel)] = []
        var rejects: [(fields: [String], line: Int, reason: RowRejection.Reason)] = []
        while let record = try reader.next() {
            // A record cut off by the end of the file, or whose id or label was too long to keep, is not what the
            // person wrote: never applied, whatever its cells say.
            if record.isUnterminated {
                rejects.append((record.fields, record.line, .unterminatedQuote)); continue
            }
            if let column = record.oversizedField, [idColumn, categoryColumn, priorityColumn].contains(column) {
                let reason = RowRejection.Reason.fieldTooLarge(
                    column: headerRecord.fields[column], limit: ImportOptions.defaultMaxFieldBytes)
                rejects.append((record.fields, record.line, reason)); continue
            }
            let id = cell(record, idColumn)
            let categoryText = cell(record, categoryColumn), priorityText = cell(record, priorityColumn)
            if categoryText.isEmpty && priorityText.isEmpty { summary.skipped += 1; continue }
            // Spelled as import reads labels ("Billing and Payments" is billing_and_payments); nil for an empty cell
            // or a label the taxonomy does not have.
            let category = categoryText.isEmpty ? nil : LabelSpelling.resolve(categoryText, allows: categoryNames.contains)
            let priority = priorityText.isEmpty ? nil : LabelSpelling.resolve(priorityText, allows: priorityNames.contains)
            // Only the cells read count: a spreadsheet that saved the ticket's text in its own code page (a £
            // in a description) changed nothing the person decided. A byte that is not UTF-8 reads as U+FFFD.
            if record.invalidUTF8Field != nil,
                let bad = [idColumn, categoryColumn, priorityColumn].first(where: { cell(record, $0).contains("\u{FFFD}") })
            {
                rejects.append((record.fields, record.line, .invalidUTF8(column: headerRecord.fields[bad]))); continue
            }
            if id.isEmpty { rejects.append((record.fields, record.line, .missingID)); continue }
            if !categoryText.isEmpty, category == nil {
                let reason = RowRejection.Reason.unknownLabel(
                    field: .category, value: categoryText, allowed: taxonomy.categoryNames)
                rejects.append((record.fields, record.line, reason)); continue
            }
            if !priorityText.isEmpty, priority == nil {
                let reason = RowRejection.Reason.unknownLabel(
                    field: .priority, value: priorityText, allowed: taxonomy.priorityNames)
                rejects.append((record.fields, record.line, reason)); continue
            }
            labels.append((
                record.line, record.fields,
                ReviewedLabel(
                    externalID: id, category: category.flatMap(Category.init(rawValue:)),
                    priority: priority.flatMap(Priority.init(rawValue:)))
            ))
        }
        if rejects.isEmpty {
            let unknown = Set(try store.applyReviewedLabels(labels.map(\.label), at: now))
            for entry in labels where unknown.contains(entry.label.externalID) {
                rejects.append((entry.fields, entry.line, .unknownTicket(id: entry.label.externalID)))
            }
        }
        guard !rejects.isEmpty else {
            summary.applied = labels.count
            return summary
        }
        // Nothing was applied: the person fixes the named rows and imports the file again.
        let file = try RejectsWriter(path: rejectsPath, header: headerRecord.fields, delimiter: reader.delimiter)
        for reject in rejects.sorted(by: { $0.line < $1.line }) {
            try file.write(RowRejection(file: path, line: reject.line, reason: reject.reason), raw: .csv(reject.fields))
        }
        try file.commit()
        summary.rejected = rejects.count
        summary.rejectsPath = rejectsPath
        return summary
    }
}
