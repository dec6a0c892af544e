/// The field separator of a CSV file: one of the four that exports use, or `auto` to sniff it from the header.
public enum CSVDelimiter: String, CaseIterable, Codable, Sendable {
    case auto
    case comma = ","
    case semicolon = ";"
    case tab = "\t"
    case pipe = "|"

    /// What a mapping file's or a job file's `delimiter:` takes, as their errors list it (the command line's
    /// option lists the names, which both read as well).
    public static let expected = "auto, ',', ';', tab or '|'"

    /// Reads `auto`, `,`, `;`, `tab` (or a tab character), `|`, or the names `comma`, `semicolon`, `pipe`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "auto": self = .auto
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "tab", "\t", "\\t": self = .tab
        case "|", "pipe": self = .pipe
        default: return nil
        }
    }

    /// The byte, for libcsv; nil for `auto`.
    public var byte: UInt8? {
        switch self {
        case .auto: nil
        case .comma: 0x2C
        case .semicolon: 0x3B
        case .tab: 0x09
        case .pipe: 0x7C
        }
    }

    /// How summaries name it.
    public var name: String {
        switch self {
        case .auto: "auto"
        case .comma: "comma"
        case .semicolon: "semicolon"
        case .tab: "tab"
        case .pipe: "pipe"
        }
    }

    /// The delimiter a header line uses: the most frequent of the four outside quotes (a comma on a tie or
    /// when none appears).
    static func sniff(_ line: some Collection<UInt8>) -> CSVDelimiter {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for byte in line {
            if byte == 0x22 { quoted.toggle() }
            if byte == 0x0A || byte == 0x0D, !quoted { break }
            if !quoted, byte == 0x2C || byte == 0x3B || byte == 0x09 || byte == 0x7C { counts[byte, default: 0] += 1 }
        }
        let ranked: [CSVDelimiter] = [.comma, .semicolon, .tab, .pipe]
        return ranked.max { (counts[$0.byte!] ?? 0) < (counts[$1.byte!] ?? 0) }.flatMap {
            (counts[$0.byte!] ?? 0) > 0 ? $0 : nil
        } ?? .comma
    }
}
