import Testing

@testable import TicketReporting

@Suite struct BarChartLayoutTests {
    @Test func shortLabelsKeepTheColumnAndTheBars() {
        let layout = BarChartLayout(labels: ["billing", "in_progress", "≥ 30 days"], minimumBarX: 90, longestBar: 360)
        #expect(layout == BarChartLayout(labels: [], minimumBarX: 90, longestBar: 360))
        #expect(layout.barX == 90 && layout.longestBar == 360)
        #expect(layout.shortLabel("in_progress") == "in_progress")
    }

    /// A team's 31-character queue name is drawn whole, left of its bar; the bars give up the room it takes.
    @Test func aLongerLabelWidensTheColumnAndShortensTheBars() {
        let label = "service_outages_and_maintenance"
        let layout = BarChartLayout(labels: ["general", label], minimumBarX: 90, longestBar: 360)
        #expect(layout.barX >= Double(label.count) * BarChartLayout.characterWidth)
        #expect(layout.barX + layout.longestBar == 90 + 360)
        #expect(layout.shortLabel(label) == label)
    }

    /// Past the widest column a label is cut with "…" to fit it; wide (CJK) characters count twice.
    @Test func aLabelPastTheWidestColumnIsCutToFit() {
        let long = String(repeating: "a", count: 40) + "_and_more_words_than_fit"
        let layout = BarChartLayout(labels: [long], minimumBarX: 130, longestBar: 300, maximumLabelWidth: 220)
        #expect(layout.barX == 228 && layout.longestBar == 202)
        let short = layout.shortLabel(long)
        #expect(short.hasSuffix("…") && long.hasPrefix(short.dropLast()))
        #expect(BarChartLayout.units(short) == layout.labelUnits)
        let wide = layout.shortLabel(String(repeating: "請求", count: 20))
        #expect(wide.hasSuffix("…") && BarChartLayout.units(wide) <= layout.labelUnits)
        #expect(BarChartLayout.units("請求a") == 5)
    }
}
