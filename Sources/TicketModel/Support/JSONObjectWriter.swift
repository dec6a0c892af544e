import Foundation

/// Writes a parsed JSON value (as `JSONSerialization` reads one, or built of the same types) the way
/// `JSONSerialization` writes it with sorted keys, byte for byte: what `tickets.attributes` has always held for a
/// JSON export, and what `export` has always written, so that a file imported again, or our own export of it,
/// reads as unchanged.
///
/// Foundation's writer sorts each object's keys with a locale-aware comparison, hundreds of times for a
/// Zendesk ticket, and writes a string a character at a time: it took 70% of the time of importing Zendesk's
/// JSON export, and 90% of exporting it. This one sorts each set of keys once (with that same comparison) and
/// reuses the order.
///
/// Used by one thread at a time.
public final class JSONObjectWriter {
    /// The written order of each set of keys met, by the keys in code-point order.
    private var orders: [[String]: [String]] = [:]
    /// Distinct key sets are few in an export (one per shape of object); a file of ever-new keys stays bounded.
    private let maxOrders = 1024
    /// Writes `/` as `\/`, as Foundation does unless told `.withoutEscapingSlashes`.
    private let escapingSlashes: Bool
    /// The bytes of the value being written, kept for the next: the text is then allocated once, at its size,
    /// instead of growing as it is written.
    private var scratch: [UInt8] = []

    public init(escapingSlashes: Bool = false) {
        self.escapingSlashes = escapingSlashes
    }

    /// The value's JSON text, or nil when it holds a value JSON cannot (no such value comes from a parse).
    public func text(_ value: Any) -> String? {
        writing { write(value, to: &$0) }
    }

    /// The object's JSON as `text` writes it, and again with its own keys in code-point order (as a CSV import
    /// orders a row's attributes) where that is not Foundation's order (else nil).
    public func textInBothOrders(_ object: [String: Any]) -> (text: String?, codePointOrder: String?) {
        let keys = object.keys.sorted()
        let written = order(of: object, sortedKeys: keys)
        let text = text(object, keys: written)
        return (text, text == nil || written == keys ? nil : self.text(object, keys: keys))
    }

    /// Appends the value's JSON to `out`; false (with `out` partly written) when it holds a value JSON cannot.
    public func append(_ value: Any, to out: inout [UInt8]) -> Bool {
        write(value, to: &out)
    }

    /// Appends `string` as a JSON string literal.
    public func appendString(_ string: String, to out: inout [UInt8]) {
        quote(string, to: &out)
    }

    /// `keys` (in code-point order) in the order Foundation's writer gives them, remembered for the next object.
    public func writtenOrder(ofSortedKeys keys: [String]) -> [String] {
        if let known = orders[keys] { return known }
        let written = keys.sorted(by: Self.foundationOrder)
        if orders.count < maxOrders { orders[keys] = written }
        return written
    }

    /// The object's JSON with its own keys in the order given.
    private func text(_ object: [String: Any], keys: [String]) -> String? {
        writing { write(object, keys: keys, to: &$0) }
    }

    /// The text `body` writes into the scratch bytes, or nil when it cannot write its value.
    private func writing(_ body: (inout [UInt8]) -> Bool) -> String? {
        var out: [UInt8] = []
        swap(&out, &scratch)
        defer { swap(&out, &scratch) }
        out.removeAll(keepingCapacity: true)
        return body(&out) ? String(decoding: out, as: UTF8.self) : nil
    }

    private func write(_ object: [String: Any], keys: [String], to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "{"))
        for (index, key) in keys.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            quote(key, to: &out)
            out.append(UInt8(ascii: ":"))
            guard write(object[key]!, to: &out) else { return false }
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    private func write(_ value: Any, to out: inout [UInt8]) -> Bool {
        // Parsed values are Swift strings, arrays and dictionaries, and NSNumber and NSNull: the classes are
        // tried last, since a cast of a Swift collection to a class bridges it first.
        if let string = value as? String {
            quote(string, to: &out)
        } else if let object = value as? [String: Any] {
            guard write(object, keys: order(of: object), to: &out) else { return false }
        } else if let array = value as? [Any] {
            out.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, to: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        } else if Self.isNull(value) {
            out.append(contentsOf: "null".utf8)
        } else if let number = value as? NSNumber, let text = Self.text(of: number) {
            out.append(contentsOf: text.utf8)
        } else {
            return false
        }
        return true
    }

    /// Whether a parsed value is JSON's null. `value is NSNull` bridges a Swift array or dictionary to its
    /// Foundation class first, to find that it is not: a fifth of a Zendesk export's import.
    public static func isNull(_ value: Any) -> Bool {
        ObjectIdentifier(type(of: value)) == ObjectIdentifier(NSNull.self)
    }

    /// The object's keys in the order Foundation's writer gives them.
    private func order(of object: [String: Any], sortedKeys: [String]? = nil) -> [String] {
        writtenOrder(ofSortedKeys: sortedKeys ?? object.keys.sorted())
    }

    /// Foundation's comparison for `.sortedKeys`: numbers by value, case ignored but for ties, in the system
    /// locale.
    public static func foundationOrder(_ a: String, _ b: String) -> Bool {
        a.compare(
            b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex,
            locale: NSLocale.system as Locale) == .orderedAscending
    }

    /// A number as Foundation writes it: booleans as such, a floating-point value without a trailing `.0`.
    static func text(of number: NSNumber) -> String? {
        if number is NSDecimalNumber { return number.description }
        switch String(cString: number.objCType) {
        // JSONSerialization hands booleans over as NSNumber of type `c`.
        case "c": return number.boolValue ? "true" : "false"
        case "d", "f":
            let value = number.doubleValue
            guard value.isFinite else { return nil }
            let text = value.description
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        default: return number.stringValue
        }
    }

    /// A string literal, escaped as Foundation's writer escapes it.
    private func quote(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: appended whole. Every byte to escape is ASCII, so bytes will do.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || ($0 == 0x2F && escapingSlashes) }) {
            out.append(contentsOf: string.utf8)
        } else {
            for byte in string.utf8 {
                switch byte {
                case 0x22: out.append(contentsOf: "\\\"".utf8)
                case 0x5C: out.append(contentsOf: "\\\\".utf8)
                case 0x2F where escapingSlashes: out.append(contentsOf: "\\/".utf8)
                case 0x08: out.append(contentsOf: "\\b".utf8)
                case 0x0C: out.append(contentsOf: "\\f".utf8)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x09: out.append(contentsOf: "\\t".utf8)
                case ..<0x10: out.append(contentsOf: ("\\u000" + String(byte, radix: 16)).utf8)
                case ..<0x20: out.append(contentsOf: ("\\u00" + String(byte, radix: 16)).utf8)
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
