import Foundation
import TicketModel
import TicketDatabase

/// Rows of a JSON Lines export: one object per line, keys are the columns. Blank lines are skipped.
public final class JSONLRowSource: RowSource {
    private let source: ByteSource
    private let resolver: ColumnResolver
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    private var position = 0
    private var lineNumber = 0
    private var atEnd = false
    private var unknown: Set<String> = []
    private var resolvedCache: [[String]: Resolved] = [:]

    /// What a set of keys holds: our fields, the minutes to a first response, and the rest (kept as attributes).
    private struct Resolved {
        var fields: [TicketField: String]
        var minutes: String?
        var attributes: [String]
    }
    public private(set) var bytesRead = 0
    public let header: [String]? = nil

    private let maxLineBytes: Int
    /// The line being read outgrew the limit: its bytes are dropped up to the next line break.
    private var droppingLine = false
    /// How far `buffer` is known to hold no line break.
    private var scanned = 0

    /// Fields a mapping reaches by a dotted path (`via.channel`): nested objects of JSON exports.
    private let dotted: [(field: TicketField, paths: [[String]])]
    /// The first key of each dotted path, which is therefore no unknown column.
    private let dottedRoots: Set<String>
    /// Dotted paths to the minutes before a first response (`metric_set.reply_time_in_minutes.calendar`).
    private let minutesPaths: [[String]]

    public init(source: ByteSource, mapping: ColumnMapping, maxLineBytes: Int = ImportOptions.defaultMaxFieldBytes) {
        self.source = source
        resolver = ColumnResolver(mapping: mapping)
        self.maxLineBytes = max(1, maxLineBytes)
        dotted = mapping.columns.compactMap { field, candidates in
            let paths = candidates.filter { $0.contains(".") }.map { $0.split(separator: ".").map(String.init) }
            return paths.isEmpty ? nil : (field, paths)
        }.sorted { $0.field.rawValue < $1.field.rawValue }
        minutesPaths = mapping.firstResponseMinutes.filter { $0.contains(".") }.map { $0.split(separator: ".").map(String.init) }
        dottedRoots = Set(
            (dotted.flatMap(\.paths) + minutesPaths).compactMap { $0.first.map(ColumnMapping.normalize) })
    }

    /// The value at `path` in nested objects; keys match as written, else case-insensitively.
    private static func value(at path: [String], in object: [String: Any]) -> Any? {
        var current: Any = object
        for key in path {
            guard let dictionary = current as? [String: Any] else { return nil }
            if let next = dictionary[key] {
                current = next
            } else if let match = dictionary.first(where: { ColumnMapping.normalize($0.key) == ColumnMapping.normalize(key) }) {
                current = match.value
            } else {
                return nil
            }
        }
        return current
    }

    /// Sets `field` from a JSON value, or the row's problem when the value is not a string or a number.
    private static func assign(_ field: TicketField, key: String, value: Any?, to row: inout SourceRow) {
        switch value {
        case let string as String:
            row.values[field] = string
        case is NSNull, nil:
            break
        case let number as NSNumber:
            // JSONSerialization hands booleans over as NSNumber too.
            if String(cString: number.objCType) == "c" {
                row.problem = .invalidValueType(column: key, type: "a boolean")
            } else {
                row.values[field] = number.stringValue
            }
        case let array as [Any] where field == .tags:
            // A list of tags, joined for the normalizer by a separator no tag holds.
            let tags = array.compactMap { $0 as? String }
            guard tags.count == array.count else {
                row.problem = .invalidValueType(column: key, type: "an array holding something other than text")
                return
            }
            row.values[field] = tags.joined(separator: FieldValues.tagListSeparator)
        case is [Any]:
            row.problem = .invalidValueType(column: key, type: "an array")
        default:
            row.problem = .invalidValueType(column: key, type: "an object")
        }
    }

    public var unknownColumns: [String] { unknown.sorted() }

    public func next() throws -> SourceRow? {
        while let (line, oversized) = try nextLine() {
            lineNumber += 1
            if oversized {
                return SourceRow(
                    line: lineNumber, values: FieldValues(), problem: .fieldTooLarge(column: "(line)", limit: maxLineBytes),
                    raw: .jsonLine(""))
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return parse(line)
        }
        return nil
    }

    private func parse(_ bytes: ArraySlice<UInt8>) -> SourceRow {
        var trimmed = bytes
        if trimmed.last == 0x0D { trimmed = trimmed.dropLast() }
        guard let text = String(validating: trimmed, as: UTF8.self) else {
            return SourceRow(
                line: lineNumber, values: FieldValues(),
                problem: .invalidText(column: "(line)", encoding: source.encoding),
                raw: .jsonLine(String(decoding: trimmed, as: UTF8.self)))
        }
        var row = SourceRow(line: lineNumber, values: FieldValues(), problem: nil, raw: .jsonLine(text))
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(trimmed), options: [.fragmentsAllowed])
        } catch {
            row.problem = .invalidJSON(detail: JSONLRowSource.describe(error))
            return row
        }
        guard let dictionary = object as? [String: Any] else {
            row.problem = .notAnObject
            return row
        }
        let keys = dictionary.keys.sorted()
        let known: Resolved
        if let cached = resolvedCache[keys] {
            known = cached
        } else {
            let fields = resolver.resolve(columns: keys)
            let minutes = resolver.firstResponseMinutesColumn(columns: keys)
            let others = resolver.unknown(columns: keys, resolved: fields).filter {
                !dottedRoots.contains(ColumnMapping.normalize($0)) && $0 != minutes
            }
            known = Resolved(fields: fields, minutes: minutes, attributes: others)
            unknown.formUnion(others)
            if resolvedCache.count < 64 { resolvedCache[keys] = known }
        }
        let resolved = known.fields
        let minutesValue =
            known.minutes.map { dictionary[$0] }
            ?? minutesPaths.lazy.compactMap { Self.value(at: $0, in: dictionary) }.first
        switch minutesValue {
        case let number as NSNumber: row.values.firstResponseMinutes = number.stringValue
        case let text as String: row.values.firstResponseMinutes = text
        default: break
        }
        if !known.attributes.isEmpty {
            var others: [String: Any] = [:]
            for key in known.attributes where !(dictionary[key] is NSNull) { others[key] = dictionary[key] }
            if !others.isEmpty,
                let data = try? JSONSerialization.data(withJSONObject: others, options: [.sortedKeys, .withoutEscapingSlashes])
            {
                row.values.attributes = String(decoding: data, as: UTF8.self)
            }
        }
        var assigned: Set<TicketField> = []
        for (field, key) in resolved {
            // A CSV header of the same name ("Via") meets the JSON export's object ("via"): the mapping's dotted
            // path into it ("via.channel") is what was meant.
            if dictionary[key] is [String: Any], dotted.contains(where: { $0.field == field }) { continue }
            Self.assign(field, key: key, value: dictionary[key], to: &row)
            if row.problem != nil { return row }
            assigned.insert(field)
        }
        for (field, paths) in dotted where !assigned.contains(field) {
            for path in paths {
                guard let value = Self.value(at: path, in: dictionary) else { continue }
                Self.assign(field, key: path.joined(separator: "."), value: value, to: &row)
                if row.problem != nil { return row }
                break
            }
        }
        return row
    }

    /// The next line, or that it was longer than the limit (its bytes dropped, memory kept bounded).
    private func nextLine() throws -> (ArraySlice<UInt8>, oversized: Bool)? {
        while true {
            // Each byte is looked at once: a long line is searched only in what each read added to it.
            if let newline = buffer[max(position, scanned)...].firstIndex(of: 0x0A) {
                let line = buffer[position..<newline]
                position = newline + 1
                scanned = position
                if droppingLine || line.count > maxLineBytes {
                    droppingLine = false
                    return ([], true)
                }
                return (line, false)
            }
            if atEnd {
                guard position < buffer.count || droppingLine else { return nil }
                let line = buffer[position...]
                position = buffer.count
                if droppingLine || line.count > maxLineBytes {
                    droppingLine = false
                    return ([], true)
                }
                return (line, false)
            }
            scanned = buffer.count - position
            buffer.removeSubrange(0..<position)
            position = 0
            if buffer.count > maxLineBytes {
                buffer.removeAll(keepingCapacity: false)
                scanned = 0
                droppingLine = true
            }
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 {
                atEnd = true
            } else {
                bytesRead += count
                buffer.append(contentsOf: chunk[0..<count])
            }
        }
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let debug = nsError.userInfo["NSDebugDescription"] as? String { return debug }
        return nsError.localizedDescription
    }
}
