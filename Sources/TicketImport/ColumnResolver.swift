import TicketModel
import TicketDatabase

/// Finds, for each of our fields, the source column that holds it.
struct ColumnResolver {
    let mapping: ColumnMapping

    /// Source column name (as written) for each field the source has.
    func resolve(columns: [String]) -> [TicketField: String] {
        var byNormalizedName: [String: String] = [:]
        for column in columns where byNormalizedName[ColumnMapping.normalize(column)] == nil {
            byNormalizedName[ColumnMapping.normalize(column)] = column
        }
        var result: [TicketField: String] = [:]
        for field in TicketField.allCases {
            for candidate in mapping.columns[field] ?? [] {
                if let column = byNormalizedName[ColumnMapping.normalize(candidate)] {
                    result[field] = column
                    break
                }
            }
        }
        return result
    }

    /// Every column the mapping lists for the tags that the source has, in the mapping's order: tags gather
    /// from all of them (an export's `tag_1` … `tag_9`), where any other field takes the first one found.
    func tagColumns(columns: [String]) -> [String] {
        let byName = Dictionary(columns.map { (ColumnMapping.normalize($0), $0) }, uniquingKeysWith: { first, _ in first })
        var found: [String] = []
        for candidate in mapping.columns[.tags] ?? [] {
            if let column = byName[ColumnMapping.normalize(candidate)], !found.contains(column) { found.append(column) }
        }
        return found
    }

    /// The column of minutes to a first response the mapping names, if the source has one.
    func firstResponseMinutesColumn(columns: [String]) -> String? {
        let byName = Dictionary(columns.map { (ColumnMapping.normalize($0), $0) }, uniquingKeysWith: { first, _ in first })
        return mapping.firstResponseMinutes.lazy.compactMap { byName[ColumnMapping.normalize($0)] }.first
    }

    /// Columns no field uses; our own `reject_*` columns (from a re-imported rejects file) are expected.
    func unknown(columns: [String], resolved: [TicketField: String]) -> [String] {
        let used = Set(resolved.values).union(tagColumns(columns: columns))
        let ignored = Set(mapping.ignoredColumns.map(ColumnMapping.normalize))
        return columns.filter {
            !used.contains($0) && !ignored.contains(ColumnMapping.normalize($0))
                && !$0.hasPrefix(RejectsWriter.columnPrefix) && !$0.isEmpty
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
