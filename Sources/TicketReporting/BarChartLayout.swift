/// Where a horizontal bar chart's bars start and how long its labels may be. The label column grows to fit the
/// longest label (a team's own taxonomy has names of up to 40 characters, a help desk's groups and tags more)
/// up to a limit, past which a label is cut with "…" and given whole in its tooltip and in the table below the
/// chart; the bars give up what the column takes, so the chart keeps its width. A label drawn under the bars
/// (as a fixed column did) was unreadable and hid the next one's value.
struct BarChartLayout: Equatable {
    /// An estimate of one character's advance in the charts' 11 px sans-serif (capitals and digits included);
    /// a character East Asian scripts draw wide counts twice. SVG text cannot be measured without a script.
    static let characterWidth = 6.6
    /// Room between a label and its bar.
    static let gap = 8.0

    /// Where the bars start.
    let barX: Double
    /// The longest bar's length.
    let longestBar: Double
    /// How many character widths a label may take.
    let labelUnits: Int

    /// - Parameters:
    ///   - minimumBarX: where bars start when the labels are short (the column never narrows below it).
    ///   - longestBar: the longest bar at `minimumBarX`.
    ///   - maximumLabelWidth: the widest the label column gets.
    init(labels: [String], minimumBarX: Double, longestBar: Double, maximumLabelWidth: Double = 220) {
        let widest = Double(labels.map(Self.units).max() ?? 0) * Self.characterWidth
        barX = min(max(minimumBarX, widest + Self.gap), max(minimumBarX, maximumLabelWidth + Self.gap))
        self.longestBar = longestBar - (barX - minimumBarX)
        labelUnits = Int(((barX - Self.gap) / Self.characterWidth).rounded(.down))
    }

    /// The label as drawn: whole when it fits, else cut to fit with "…".
    func shortLabel(_ label: String) -> String {
        guard Self.units(label) > labelUnits else { return label }
        var short = ""
        var used = 1  // the ellipsis
        for character in label {
            used += Self.units(character)
            if used > labelUnits { break }
            short.append(character)
        }
        return short + "…"
    }

    static func units(_ label: String) -> Int { label.reduce(0) { $0 + units($1) } }

    /// 2 for a character of the wide East Asian blocks (Hangul, CJK, kana, full-width forms), else 1.
    static func units(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first?.value else { return 1 }
        switch scalar {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
