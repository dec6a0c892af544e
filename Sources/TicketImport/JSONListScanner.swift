/// Finds the elements of a JSON document's list of tickets as its bytes stream past, one byte at a time,
/// without parsing the document: a help desk's API answer (`[{…}, {…}]`, or a page such as
/// `{"tickets": [{…}], "next_page": …}`) may be larger than memory should hold, so each element is handed on
/// alone, as a JSON Lines row would be. Strings are followed only to tell their brackets from the document's.
struct JSONListScanner {
    /// The keys under which help desks' APIs return their records (Zendesk and Freshdesk `tickets`, HubSpot
    /// `results`, Jira `issues`, ServiceNow `result`, Airtable `records`), in no order: the first of them met
    /// at the top of an object holds the tickets; other keys (`next_page`, `count`, side-loaded `users`) are
    /// skipped.
    static let listKeys: Set<String> = ["tickets", "results", "issues", "result", "records", "data", "items"]

    enum Event: Equatable {
        /// An element begins at this byte.
        case elementStart
        /// The element ends with this byte (`including`) or just before it.
        case elementEnd(including: Bool)
    }

    private enum TopLevel { case array, object }

    private var topLevel: TopLevel?
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// The depth elements start at, once the list is found; nil before, and again after it closed.
    private var listDepth: Int?
    private(set) var listClosed = false
    private var inElement = false
    /// The element is a string, number, `true`, `false` or `null`: it ends at the next `,` or `]`.
    private var scalarElement = false
    /// Text after a document that starts no other (a stray `]`, a note): handed on to its line's end as an
    /// element, for the parser to reject with its line, instead of being skipped unseen.
    private var stray = false
    private var capturingKey = false
    private var keyBytes: [UInt8] = []
    /// The last string closed at the top of an object: the key of the value that follows.
    private var lastKey = ""
    /// The line of the byte last scanned (1-based).
    private(set) var line = 1

    /// Whether the list of tickets was found (a top-level array, or an object's list under one of `listKeys`).
    var foundList: Bool { listDepth != nil || listClosed }
    /// Whether the top-level value has ended (until another begins).
    var topLevelEnded: Bool { topLevel != nil && depth == 0 }

    mutating func scan(_ byte: UInt8) -> Event? {
        if byte == 0x0A { line += 1 }
        if stray {
            guard byte == 0x0A else { return nil }
            (stray, inElement) = (false, false)
            return .elementEnd(including: false)
        }
        if inString {
            if escaped {
                escaped = false
            } else if byte == 0x5C {  // backslash
                escaped = true
            } else if byte == 0x22 {  // quote
                inString = false
                if capturingKey {
                    capturingKey = false
                    lastKey = String(decoding: keyBytes, as: UTF8.self)
                }
            } else if capturingKey, keyBytes.count < 64 {
                keyBytes.append(byte)
            }
            return nil
        }
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D:
            return nil
        case _ where depth == 0 && topLevel != nil && byte != 0x7B && byte != 0x5B:
            (stray, inElement) = (true, true)
            return .elementStart
        case 0x7B, 0x5B:  // { [
            if depth == 0, topLevel != nil {
                // Another document after the first (`cat page1.json page2.json`): its tickets are read too.
                (topLevel, listDepth, listClosed, lastKey) = (nil, nil, false, "")
            }
            if depth == 0, topLevel == nil {
                topLevel = byte == 0x5B ? .array : .object
                if topLevel == .array { listDepth = 1 }
                depth = 1
                return nil
            }
            depth += 1
            if topLevel == .object, listDepth == nil, !listClosed, depth == 2, byte == 0x5B,
                Self.listKeys.contains(lastKey.lowercased())
            {
                listDepth = 2
                return nil
            }
            if let listDepth, depth == listDepth + 1, !inElement {
                inElement = true
                scalarElement = false
                return .elementStart
            }
            return nil
        case 0x7D, 0x5D:  // } ]
            depth -= 1
            guard let listDepth else { return nil }
            if inElement, !scalarElement, depth == listDepth {
                inElement = false
                return .elementEnd(including: true)
            }
            if depth == listDepth - 1 {
                // The list closed; a scalar element ends with it.
                self.listDepth = nil
                listClosed = true
                if inElement {
                    inElement = false
                    return .elementEnd(including: false)
                }
            }
            return nil
        case 0x2C:  // ,
            if inElement, scalarElement, depth == listDepth {
                inElement = false
                return .elementEnd(including: false)
            }
            return nil
        default:
            if byte == 0x22 {
                inString = true
                if topLevel == .object, depth == 1 {
                    capturingKey = true
                    keyBytes.removeAll(keepingCapacity: true)
                }
            }
            if let listDepth, depth == listDepth, !inElement {
                inElement = true
                scalarElement = true
                return .elementStart
            }
            return nil
        }
    }
}
