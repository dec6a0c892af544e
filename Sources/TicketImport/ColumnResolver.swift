import TicketModel
import TicketDatabase

/// Finds, for each of our fields, the source column that holds it.
struct ColumnResolver {
    let mapping: ColumnMapping

    /// Source column name (as written) for each field the source has.
    func resolve(columns: [String]) -> [TicketField: String] {
        let byName = Self.byName(columns)
        var result: [TicketField: String] = [:]
        for field in TicketField.allCases {
            result[field] = Self.present(mapping.columns[field] ?? [], in: byName).first
        }
        return result
    }

    /// What every row needs and a source whose columns give the fields `present` lacks under the mapping (its
    /// `defaults:` aside): the id, a title or a description, the creation time. Such a source would have every
    /// row rejected.
    func fieldsEveryRowLacks(present: Set<TicketField>) -> [String] {
        func absent(_ field: TicketField) -> Bool { !present.contains(field) && mapping.defaults[field] == nil }
        var fields: [String] = []
        if absent(.id) { fields.append("id") }
        if absent(.title) && absent(.description) { fields.append("title or description") }
        if absent(.createdAt) { fields.append("created_at") }
        return fields
    }

    /// Why no row of a source could be imported as it should, judged from its columns (a CSV header, a JSON file's
    /// first object), or nil. `columns` says which of them a mapping takes for each field.
    /// - Every row would be rejected: the mapping finds no id, text or creation time (`columnsEveryRowNeeds`).
    /// - The mapping was not chosen and the columns are a preset's, which finds the title our own names do not:
    ///   every title would be left empty, kept among the attributes (`presetFits`).
    func problem(
        file: String, header: [String], source: String, line: Int = 1, mappingChosen: Bool,
        columns: (ColumnMapping) -> [TicketField: String]
    ) -> ImportError? {
        let ours = columns(mapping)
        let lacking = fieldsEveryRowLacks(present: Set(ours.keys))
        if !lacking.isEmpty {
            let best = ColumnMapping.bestPreset(besides: mapping.name, columns: columns)
            return .columnsEveryRowNeeds(
                file: file, fields: lacking, mapping: mapping.name, header: header, preset: best?.name, source: source,
                line: line)
        }
        guard !mappingChosen, ours[.title] == nil, mapping.defaults[.title] == nil,
            let best = ColumnMapping.bestPreset(besides: mapping.name, columns: columns), best.columns[.title] != nil
        else { return nil }
        let taken = TicketField.allCases.compactMap { field in
            best.columns[field].flatMap { ours[field] == $0 ? nil : "\($0) as \(field.rawValue)" }
        }
        return .presetFits(
            file: file, preset: best.name, mapping: mapping.name, taken: taken, source: source, line: line)
    }

    /// Every column the mapping lists for the tags that the source has, in the mapping's order: tags gather
    /// from all of them (an export's `tag_1` … `tag_9`), where any other field takes the first one found.
    func tagColumns(columns: [String]) -> [String] {
        Self.present(mapping.columns[.tags] ?? [], in: Self.byName(columns))
    }

    /// The column of minutes to a first response the mapping names, if the source has one.
    func firstResponseMinutesColumn(columns: [String]) -> String? {
        Self.present(mapping.firstResponseMinutes, in: Self.byName(columns)).first
    }

    /// The column saying where the labels came from, if the mapping names one and the source has it.
    func labelSourceColumn(columns: [String]) -> String? {
        Self.present(mapping.labelSource, in: Self.byName(columns)).first
    }

    /// Each column as written, by its normalised name (the first, when two normalise alike).
    private static func byName(_ columns: [String]) -> [String: String] {
        Dictionary(columns.map { (ColumnMapping.normalize($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The columns the source has among `candidates`, as written, in the candidates' order, each once.
    private static func present(_ candidates: [String], in byName: [String: String]) -> [String] {
        var found: [String] = []
        for candidate in candidates {
            if let column = byName[ColumnMapping.normalize(candidate)], !found.contains(column) { found.append(column) }
        }
        return found
    }

    /// Columns no field uses; our own `reject_*` columns (from a re-imported rejects file) are expected.
    func unknown(columns: [String], resolved: [TicketField: String]) -> [String] {
        let used = Set(resolved.values).union(tagColumns(columns: columns))
        let ignored = Set(mapping.ignoredColumns.map(ColumnMapping.normalize))
        return columns.filter {
            !used.contains($0) && !ignored.contains(ColumnMapping.normalize($0))
                && !$0.hasPrefix(RejectsWriter.columnPrefix)
        }
    }

    /// Undoes the apostrophe our CSV export puts before text a spreadsheet would run as a formula.
    static func unescapeFormula(_ value: String) -> String {
        // The byte test first: `hasPrefix` compares characters, slowly, for every title and description.
        guard value.utf8.first == UInt8(ascii: "'"), value.hasPrefix("'") else { return value }
        let unescaped = String(value.dropFirst())
        // Exactly the inverse of the export's escape: strip only an apostrophe that it would have added.
        return CSVFormulaGuard.escape(unescaped) == value ? unescaped : value
    }
}
