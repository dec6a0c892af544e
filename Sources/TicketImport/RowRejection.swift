import TicketModel
import TicketDatabase

/// A row that was not imported, and why. Collected and reported, never thrown.
public struct RowRejection: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Error, Sendable, Equatable, CustomStringConvertible {
        case missingID
        case missingText
        case missingCreatedAt
        case unparseableDate(field: TicketField, value: String)
        case dateOutOfRange(field: TicketField, value: String)
        /// An ISO 8601 date that names no day or time of the calendar, and why (`TimestampParser.Reading`).
        case impossibleDate(field: TicketField, value: String, why: String)
        /// A label the field does not take (`mappedTo`: what the mapping's `values:` turned it into).
        case unknownLabel(field: TicketField, value: String, allowed: [String], mappedTo: String? = nil)
        case repeatedID(id: String, firstLine: Int)
        case wrongFieldCount(expected: Int, actual: Int)
        case invalidUTF8(column: String)
        case invalidBytes(column: String, encoding: String)
        /// A text holding U+0000, which SQLite's text functions and every C string read as the text's end: the
        /// rest would be lost on export and in reports.
        case nulCharacter(field: TicketField)
        case invalidJSON(detail: String)
        case notAnObject
        /// A JSON object naming a key twice (`{"status":"open",…,"status":"closed"}`): JSON parsers keep one of the
        /// values, and which was meant cannot be told.
        case repeatedKey(key: String)
        case invalidValueType(column: String, type: String)
        /// A cell of a `NAME:json` column (see `AttributeName`) that is not JSON.
        case invalidJSONCell(column: String)
        case unterminatedQuote
        case fieldTooLarge(column: String, limit: Int)
        /// Our export's `label_source` holding what it never writes.
        case unknownLabelSource(value: String)
        /// A reviewed row's id names no ticket of the store (`review import`).
        case unknownTicket(id: String)
        /// More than one of the above, each said (a row whose category and priority are both foreign is fixed
        /// once, not found out twice).
        indirect case several([Reason])

        /// Text that is not valid in the encoding it was read in: said as UTF-8 when it was read as such, else
        /// naming the encoding (the transcoder marks bytes invalid in it as invalid UTF-8).
        static func invalidText(column: String, encoding: String) -> Reason {
            encoding == "utf-8" ? .invalidUTF8(column: column) : .invalidBytes(column: column, encoding: encoding)
        }

        public var description: String {
            switch self {
            case .missingID: "field 'id': missing"
            case .missingText: "fields 'title' and 'description': both empty"
            case .missingCreatedAt: "field 'created_at': missing"
            case .unparseableDate(let field, let value): "field '\(field.rawValue)': cannot parse date '\(value.prefix(80))'"
            case .dateOutOfRange(let field, let value):
                "field '\(field.rawValue)': date '\(value.prefix(40))' is outside the years 1 to 9999"
            case .impossibleDate(let field, let value, let why):
                "field '\(field.rawValue)': '\(value.prefix(40))' is no date of the calendar: \(why)"
            case .repeatedID(let id, let firstLine):
                "field 'id': '\(id.prefix(80))' repeats the ticket of line \(firstLine); a file holds each ticket once"
            case .unknownLabel(let field, let value, let allowed, let mapped):
                "field '\(field.rawValue)': unknown value '\(value.prefix(80))'"
                    + (mapped.map { " (mapped to '\($0)')" } ?? "")
                    + (allowed.isEmpty ? "" : "; allowed: \(Taxonomy.listing(allowed))")
            case .wrongFieldCount(let expected, let actual): "expected \(expected) fields, found \(actual)"
            case .invalidUTF8(let column):
                "column '\(column.prefix(80))': not valid UTF-8 (a file in another encoding needs --encoding: windows-1252 from Excel on Windows)"
            case .invalidBytes(let column, let encoding): "column '\(column.prefix(80))': bytes that are not valid \(encoding)"
            case .nulCharacter(let field):
                "field '\(field.rawValue)': holds a NUL character (byte 0), which ends a text where it stands: remove it"
            case .invalidJSON(let detail): "not valid JSON: \(detail)"
            case .notAnObject: "not a JSON object"
            case .repeatedKey(let key):
                "key '\(key.prefix(80))': appears more than once in the object, and which of its values is meant cannot be told"
            case .invalidValueType(let column, let type): "key '\(column.prefix(80))': expected a string or number, found \(type)"
            case .invalidJSONCell(let column):
                "column '\(column.prefix(80))': not valid JSON (a column named NAME\(AttributeName.jsonSuffix) holds JSON values, as export writes them)"
            case .unterminatedQuote: "the file ends inside a quoted field opened in this record"
            case .fieldTooLarge(let column, let limit):
                "column '\(column.prefix(80))': longer than \(limit) bytes (--max-field-bytes); the record is not copied here in full"
            case .unknownTicket(let id): "field 'id': no ticket '\(id.prefix(80))' in the database"
            case .unknownLabelSource(let value):
                "field 'label_source': unknown value '\(value.prefix(80))'; allowed: "
                    + LabelSource.allCases.map(\.rawValue).joined(separator: ", ") + ", or the category's and the priority's joined by '+' (llm+manual)"
            case .several(let reasons): reasons.map(\.description).joined(separator: "; ")
            }
        }

        /// The dates this reason could not read, as (field, value).
        public var unreadDates: [(field: TicketField, value: String)] {
            switch self {
            case .unparseableDate(let field, let value): [(field, value)]
            case .several(let reasons): reasons.flatMap(\.unreadDates)
            default: []
            }
        }

        /// The labels of the taxonomy's kinds this reason refuses, as (kind, label as mapped).
        public var refusedLabels: [(kind: TicketField, label: String)] {
            switch self {
            case .unknownLabel(let field, let value, _, let mapped) where field == .category || field == .priority:
                [(field, mapped ?? value)]
            case .several(let reasons): reasons.flatMap(\.refusedLabels)
            default: []
            }
        }
    }

    public var file: String
    public var line: Int
    public var reason: Reason

    public init(file: String, line: Int, reason: Reason) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }
}
