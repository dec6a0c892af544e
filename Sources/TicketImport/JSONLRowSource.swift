import Foundation
import TicketModel
import TicketDatabase

/// Rows of a JSON Lines export: one object per line, keys are the columns. Blank lines are skipped.
///
/// A JSON document holding a list of tickets is read too, element by element (see `JSONListScanner`): a file
/// whose first byte (past white space) opens an array, or a `.json` file holding an API's page of them
/// (`{"tickets": […]}`). Each element is a row, numbered by the line it starts on; a rejected one is written
/// to the rejects file on one line, so that the rejects import again as JSON Lines. A `.json` file whose
/// first object holds no such list is JSON Lines (Zendesk's full JSON export is, under that extension).
public final class JSONLRowSource: RowSource {
    private let source: ByteSource
    private let resolver: ColumnResolver
    /// Whether the mapping was given (see `ColumnResolver.problem`).
    private let mappingChosen: Bool
    /// Whether the first object has been looked at (`checkFirst`).
    private var firstChecked = false
    private var firstProblem: ImportError?
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    private var position = 0
    private var lineNumber = 0
    private var atEnd = false
    private var unknown: Set<String> = []
    private var resolvedCache: [[String]: Resolved] = [:]
    /// Writes each row's attributes.
    private let attributesWriter = JSONObjectWriter()

    /// What a set of keys holds: our fields, the minutes to a first response, and the rest (kept as attributes).
    private struct Resolved {
        var fields: [TicketField: String]
        var minutes: String?
        /// The key of our export's `label_source`, when the mapping reads it.
        var labelSource: String?
        var attributes: [String]
        /// The keys the mapping's dotted paths start from: kept as attributes less the values the paths read.
        var roots: [String]
        /// The keys the tags gather from, when the mapping lists several the object has.
        var tagKeys: [String]
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

    /// Whether a file opening with `{` may be one JSON document (a `.json` file) rather than JSON Lines.
    private let document: Bool
    /// Set at the first row: whether the file is a JSON document whose list `scanner` follows.
    private var readsList = false
    private var scanner = JSONListScanner()
    private var modeChosen = false
    /// Where the element being read begins in `buffer` (nil while between elements, or dropping one too long).
    private var elementStart: Int?
    private var elementLine = 0
    private var elementOversized = false

    public init(
        source: ByteSource, mapping: ColumnMapping, maxLineBytes: Int = ImportOptions.defaultMaxFieldBytes,
        document: Bool = false, mappingChosen: Bool = true
    ) {
        self.source = source
        self.mappingChosen = mappingChosen
        self.document = document
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

    /// The key or dotted path in `object` that `mapping` takes for each field it finds there, as rows read them:
    /// an object under a key yields to the field's dotted path (`via.channel` before a CSV header's `Via`).
    static func columns(in object: [String: Any], mapping: ColumnMapping) -> [TicketField: String] {
        var found = ColumnResolver(mapping: mapping).resolve(columns: Array(object.keys))
        for (field, candidates) in mapping.columns {
            let paths = candidates.filter { $0.contains(".") }
            if let key = found[field], !(object[key] is [String: Any] && !paths.isEmpty) { continue }
            found[field] = paths.first { value(at: $0.split(separator: ".").map(String.init), in: object) != nil }
        }
        return found
    }

    /// A help desk's export read without its preset, judged by its first object as a CSV file by its header
    /// (`ColumnResolver.problem`). Only when a preset's keys are all there: without one, rows are judged one by
    /// one (a first object may be the one broken row).
    private func checkFirst(_ object: [String: Any], line: Int) -> ImportError? {
        let problem = resolver.problem(
            file: source.name, header: object.keys.sorted(), source: "its first object", line: line,
            mappingChosen: mappingChosen, columns: { Self.columns(in: object, mapping: $0) })
        if case .columnsEveryRowNeeds(_, _, _, _, nil, _, _) = problem { return nil }
        return problem
    }

    /// The value at `path` in nested objects; keys match as written, else case-insensitively.
    private static func value(at path: [String], in object: [String: Any]) -> Any? {
        located(path, in: object)?.value
    }

    /// The value at `path` in nested objects, and the keys that reached it as the object spells them.
    private static func located(_ path: [String], in object: [String: Any]) -> (value: Any, keys: [String])? {
        var current: Any = object
        var keys: [String] = []
        for key in path {
            guard let dictionary = current as? [String: Any] else { return nil }
            if let next = dictionary[key] {
                current = next
                keys.append(key)
            } else if let match = dictionary.first(where: { ColumnMapping.normalize($0.key) == ColumnMapping.normalize(key) }) {
                current = match.value
                keys.append(match.key)
            } else {
                return nil
            }
        }
        return (current, keys)
    }

    /// `value` without the members the key paths in `read` (each from below `value`) took, nor the empty ones
    /// (null) of an object they read into, as a row's top-level keys; nil when nothing is left.
    static func remainder(of value: Any, without read: [[String]]) -> Any? {
        guard !read.isEmpty else { return value }
        if read.contains(where: \.isEmpty) { return nil }
        guard var object = value as? [String: Any] else { return value }
        for (key, member) in object where JSONObjectWriter.isNull(member) { object[key] = nil }
        // ServiceNow's `{display_value, value}`, one of them read: the other is the same text as often as not (a
        // number, a description), and then not kept twice.
        let sameBoth = (object["display_value"] as? String).map { $0 == object["value"] as? String } ?? false
        for key in Set(read.map { $0[0] }) where object[key] != nil {
            object[key] = remainder(of: object[key]!, without: read.filter { $0[0] == key }.map { Array($0.dropFirst()) })
        }
        if sameBoth, read.contains(["display_value"]) || read.contains(["value"]) {
            object["display_value"] = nil
            object["value"] = nil
        }
        return object.isEmpty ? nil : object
    }

    /// The text of an Atlassian Document Format object (Jira Cloud's API v3 description): its text nodes, a line
    /// a block.
    private static func documentText(_ node: Any) -> String {
        guard let node = node as? [String: Any] else { return "" }
        if let text = node["text"] as? String { return text }
        if node["type"] as? String == "hardBreak" { return "\n" }
        let children = (node["content"] as? [Any] ?? []).map(documentText)
        let inline = ["paragraph", "heading", "listItem", "tableCell", "tableHeader"].contains(node["type"] as? String ?? "")
        return children.joined(separator: inline ? "" : "\n")
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
            // A list of tags, each one tag, whatever it holds.
            let tags = array.compactMap { $0 as? String }
            guard tags.count == array.count else {
                row.problem = .invalidValueType(column: key, type: "an array holding something other than text")
                return
            }
            row.values[field] = TagsField.list(tags)
        case is [Any]:
            row.problem = .invalidValueType(column: key, type: "an array")
        case let document as [String: Any] where document["type"] as? String == "doc" && (field == .title || field == .description):
            row.values[field] = documentText(document)
        default:
            row.problem = .invalidValueType(column: key, type: "an object")
        }
    }

    public var unknownColumns: [String] { unknown.sorted() }

    public func next() throws -> SourceRow? {
        if !modeChosen { try chooseMode() }
        if readsList {
            guard let (bytes, line, oversized) = try nextElement() else { return nil }
            lineNumber = line
            if oversized {
                return SourceRow(
                    line: line, values: FieldValues(), problem: .fieldTooLarge(column: "(element)", limit: maxLineBytes),
                    raw: .jsonLine(""))
            }
            return try checked(parse(bytes[...]))
        }
        while let (line, oversized) = try nextLine() {
            lineNumber += 1
            if oversized {
                return SourceRow(
                    line: lineNumber, values: FieldValues(), problem: .fieldTooLarge(column: "(line)", limit: maxLineBytes),
                    raw: .jsonLine(""))
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return try checked(parse(line))
        }
        return nil
    }

    /// `row`, unless the first object said every row would be rejected.
    private func checked(_ row: SourceRow) throws -> SourceRow {
        if let firstProblem { throw firstProblem }
        return row
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
        if !firstChecked {
            firstChecked = true
            firstProblem = checkFirst(dictionary, line: lineNumber)
        }
        if JSONMemberCounter.members(trimmed) != dictionary.count, let key = JSONMemberCounter.firstRepeatedKey(trimmed) {
            row.problem = .repeatedKey(key: key)
            return row
        }
        let keys = dictionary.keys.sorted()
        let known: Resolved
        if let cached = resolvedCache[keys] {
            known = cached
        } else {
            let fields = resolver.resolve(columns: keys)
            let minutes = resolver.firstResponseMinutesColumn(columns: keys)
            let labelSource = resolver.labelSourceColumn(columns: keys)
            let unmapped = resolver.unknown(columns: keys, resolved: fields).filter { $0 != minutes && $0 != labelSource }
            let roots = unmapped.filter { dottedRoots.contains(ColumnMapping.normalize($0)) }
            let others = unmapped.filter { !dottedRoots.contains(ColumnMapping.normalize($0)) }
            let tagKeys = resolver.tagColumns(columns: keys)
            known = Resolved(
                fields: fields, minutes: minutes, labelSource: labelSource, attributes: others, roots: roots + fields.values.filter { key in
                    dottedRoots.contains(ColumnMapping.normalize(key))
                }, tagKeys: tagKeys.count > 1 ? tagKeys : [])
            unknown.formUnion(others)
            if resolvedCache.count < 64 { resolvedCache[keys] = known }
        }
        let resolved = known.fields
        // The key paths dotted paths read values at, as the object spells them: not kept twice.
        var read: [[String]] = []
        var minutesValue = known.minutes.flatMap { dictionary[$0] }
        if minutesValue == nil, let found = minutesPaths.lazy.compactMap({ Self.located($0, in: dictionary) }).first {
            minutesValue = found.value
            read.append(found.keys)
        }
        switch minutesValue {
        case let number as NSNumber: row.values.firstResponseMinutes = number.stringValue
        case let text as String: row.values.firstResponseMinutes = text
        default: break
        }
        if let key = known.labelSource, let text = dictionary[key] as? String { row.values.labelSource = text }
        var assigned: Set<TicketField> = []
        for (field, key) in resolved {
            // A CSV header of the same name ("Via") meets the JSON export's object ("via"): the mapping's dotted
            // path into it ("via.channel") is what was meant.
            if dictionary[key] is [String: Any], dotted.contains(where: { $0.field == field }) { continue }
            Self.assign(field, key: key, value: dictionary[key], to: &row)
            if row.problem != nil { return row }
            assigned.insert(field)
            // Only a root a dotted path also starts from is looked at again; recorded for no other key (a small
            // allocation a field and row).
            if known.roots.contains(key) { read.append([key]) }
        }
        if !known.tagKeys.isEmpty {
            // A tag a key: a text is one tag, an array's items are each one.
            var tags: [String] = []
            for key in known.tagKeys {
                var one = SourceRow(line: row.line, values: FieldValues(), problem: nil, raw: row.raw)
                Self.assign(.tags, key: key, value: dictionary[key], to: &one)
                if let problem = one.problem {
                    row.problem = problem
                    return row
                }
                if let value = one.values[.tags] {
                    tags += value.first == TagsField.listSeparator
                        ? value.split(separator: TagsField.listSeparator).map(String.init) : [value]
                }
            }
            row.values[.tags] = TagsField.list(tags.map(\.trimmed).filter { !$0.isEmpty })
            assigned.insert(.tags)
        }
        for (field, paths) in dotted where !assigned.contains(field) {
            for path in paths {
                guard let found = Self.located(path, in: dictionary) else { continue }
                Self.assign(field, key: path.joined(separator: "."), value: found.value, to: &row)
                if row.problem != nil { return row }
                read.append(found.keys)
                break
            }
        }
        var others: [String: Any] = [:]
        for key in known.attributes where !JSONObjectWriter.isNull(dictionary[key]!) { others[AttributeName.imported(key)] = dictionary[key] }
        // The objects dotted paths read into (Zendesk's `via` and `metric_set`, Jira's `fields`, a ServiceNow
        // reference) are kept less what was read from them: the rest is the export's own data.
        for key in known.roots where !JSONObjectWriter.isNull(dictionary[key]!) {
            let below = read.filter { $0.first == key }.map { Array($0.dropFirst()) }
            if let rest = Self.remainder(of: dictionary[key]!, without: below) { others[AttributeName.imported(key)] = rest }
        }
        if !others.isEmpty {
            // With what a CSV export of the ticket reads back as, where the top-level keys order differently there.
            (row.values.attributes, row.values.equivalentAttributes) = attributesWriter.textInBothOrders(others)
        }
        return row
    }

    /// Reads up to the first byte that is not white space: `[` (or `{` in a `.json` file) opens a document.
    private func chooseMode() throws {
        modeChosen = true
        while true {
            if let first = buffer[position...].first(where: { !Self.isWhiteSpace($0) }) {
                readsList = try first == 0x5B || (document && first == 0x7B && firstObjectHoldsAList())
                return
            }
            guard try fill() else { return }
        }
    }

    /// Whether the object the file opens with holds a list of tickets (an API's page) before it ends, or is a
    /// line of JSON Lines. Read ahead without consuming, at most the limit of a line: past it with no list in
    /// sight, the file is read as lines, whose first is then rejected as too long and the rest read on (as a
    /// document, a list never found would read as no rows at all).
    private func firstObjectHoldsAList() throws -> Bool {
        var probe = JSONListScanner()
        var index = position
        while true {
            while index < buffer.count {
                _ = probe.scan(buffer[index])
                index += 1
                if probe.foundList { return true }
                if probe.topLevelEnded { return false }
            }
            if index - position > maxLineBytes { return false }
            guard try fill() else { return false }
        }
    }

    private static func isWhiteSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Appends the next chunk of the file to `buffer`; false at its end.
    private func fill() throws -> Bool {
        let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
        if count == 0 {
            atEnd = true
            return false
        }
        bytesRead += count
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// The next element of the document's list, on one line (a line break between JSON's tokens is white
    /// space, and none can be inside a string), with the line it starts on; or that it was longer than the
    /// limit. An element the file's end cut off comes as it is, for the parser to reject.
    private func nextElement() throws -> (bytes: [UInt8], line: Int, oversized: Bool)? {
        while true {
            if let end = scanToElementEnd() {
                defer { (elementStart, elementOversized) = (nil, false) }
                if elementOversized { return ([], elementLine, true) }
                return (Self.oneLine(buffer[elementStart!..<end]), elementLine, false)
            }
            // Keep only the element being read.
            let keep = elementStart ?? position
            buffer.removeSubrange(0..<keep)
            position -= keep
            elementStart = elementStart.map { $0 - keep }
            if try !fill() {
                if elementOversized {
                    elementOversized = false
                    return ([], elementLine, true)
                }
                if let start = elementStart {
                    elementStart = nil
                    return (Self.oneLine(buffer[start...]), elementLine, false)
                }
                return nil
            }
        }
    }

    /// Scans what `buffer` holds past `position` for the end of an element; returns where it ends (exclusive).
    /// Works on local copies of the state: a class's stored properties, touched per byte, cost an access check
    /// each (measured: the document read at two thirds of JSON Lines' speed).
    private func scanToElementEnd() -> Int? {
        var scanner = self.scanner
        var (index, start, line, oversized) = (position, elementStart, elementLine, elementOversized)
        let limit = maxLineBytes
        let end: Int? = buffer.withUnsafeBufferPointer { bytes in
            while index < bytes.count {
                let event = scanner.scan(bytes[index])
                index += 1
                switch event {
                case .elementStart:
                    (start, line, oversized) = (index - 1, scanner.line, false)
                case .elementEnd(let including):
                    return including ? index : index - 1
                case nil:
                    break
                }
                if let first = start, index - first > limit {
                    // Dropped as it comes, so that memory stays bounded; the scanner still follows it.
                    (start, oversized) = (nil, true)
                }
            }
            return nil
        }
        self.scanner = scanner
        (position, elementStart, elementLine, elementOversized) = (index, start, line, oversized)
        return end
    }

    private static func oneLine(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var trimmed = bytes
        while let last = trimmed.last, isWhiteSpace(last) { trimmed.removeLast() }
        return trimmed.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
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
            _ = try fill()
        }
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let debug = nsError.userInfo["NSDebugDescription"] as? String { return debug }
        return nsError.localizedDescription
    }
}
