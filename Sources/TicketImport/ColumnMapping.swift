import Foundation
import TicketModel
import TicketDatabase

/// How the columns and values of an export map onto our ticket fields.
///
/// Column names match case-insensitively after trimming; so do values. A value the mapping does not
/// list must already be one of ours (`billing`, `in progress`/`in_progress`, ...), otherwise the row is
/// rejected: guessing a label would corrupt every report built on it.
public struct ColumnMapping: Sendable, Equatable {
    /// A name for diagnostics: the preset's name or the mapping file's path.
    public var name: String
    /// For each field, the source column names to look for, first match wins.
    public var columns: [TicketField: [String]]
    /// For each label field, source value (lowercased) → our value; nil leaves the label empty.
    public var values: [TicketField: [String: String?]]
    /// Values used when a row has no value for a field.
    public var defaults: [TicketField: String]
    /// Extra `DateFormatter` patterns tried after the built-in ISO 8601 and epoch forms.
    public var dateFormats: [String]
    /// Source columns known to carry nothing to import: they are not kept as attributes.
    public var ignoredColumns: [String]
    /// Columns holding the minutes from creation to the first response, read when no `first_response_at`
    /// column has a value (Zendesk's CSV gives a duration, not an instant).
    public var firstResponseMinutes: [String] = []
    /// Columns saying where the labels came from, as our export writes them (`label_source`): a store's export
    /// read into another store keeps the classifiers' labels theirs and a person's a person's.
    public var labelSource: [String] = []
    /// The export's encoding and CSV delimiter, when the mapping file says (`--encoding`/`--delimiter` win).
    public var encoding: String?
    public var delimiter: CSVDelimiter?

    public init(
        name: String,
        columns: [TicketField: [String]],
        values: [TicketField: [String: String?]] = [:],
        defaults: [TicketField: String] = [:],
        dateFormats: [String] = [],
        ignoredColumns: [String] = []
    ) {
        self.name = name
        self.columns = columns
        self.values = values.mapValues { table in
            Dictionary(table.map { (ColumnMapping.normalize($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        self.defaults = defaults
        self.dateFormats = dateFormats
        self.ignoredColumns = ignoredColumns
    }

    /// Trims and lowercases a value for comparison.
    static func normalize(_ value: String) -> String {
        value.trimmed.lowercased()
    }

    /// Fields without which no row can be imported, so a header lacking them stops the file.
    static let requiredColumns: [TicketField] = [.id]
}
