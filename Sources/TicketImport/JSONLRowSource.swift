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
    private var resolvedCache: [[String]: [TicketField: String]] = [:]
    public private(set) var bytesRead = 0
    public let header: [String]? = nil

    private let maxLineBytes: Int
    /// The line being read outgrew the limit: its bytes are dropped up to the next line break.
    private var droppingLine = false

    public init(source: ByteSource, mapping: ColumnMapping, maxLineBytes: Int = ImportOptions.defaultMaxFieldBytes) {
        self.source = source
        resolver = ColumnResolver(mapping: mapping)
        self.maxLineBytes = max(1, maxLineBytes)
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
                line: lineNumber, values: FieldValues(), problem: .invalidUTF8(column: "(line)"),
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
        let resolved: [TicketField: String]
        if let cached = resolvedCache[keys] {
            resolved = cached
        } else {
            resolved = resolver.resolve(columns: keys)
            unknown.formUnion(resolver.unknown(columns: keys, resolved: resolved))
            if resolvedCache.count < 64 { resolvedCache[keys] = resolved }
        }
        for (field, key) in resolved {
            switch dictionary[key] {
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
            case is [Any]:
                row.problem = .invalidValueType(column: key, type: "an array")
            default:
                row.problem = .invalidValueType(column: key, type: "an object")
            }
            if row.problem != nil { break }
        }
        return row
    }

    /// The next line, or that it was longer than the limit (its bytes dropped, memory kept bounded).
    private func nextLine() throws -> (ArraySlice<UInt8>, oversized: Bool)? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = buffer[position..<newline]
                position = newline + 1
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
            buffer.removeSubrange(0..<position)
            position = 0
            if buffer.count > maxLineBytes {
                buffer.removeAll(keepingCapacity: false)
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
