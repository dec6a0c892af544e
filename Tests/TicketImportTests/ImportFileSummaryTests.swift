import Testing

@testable import TicketImport

@Suite struct ImportFileSummaryTests {
    /// Foreign labels are counted per kind up to the limit; a label counted already goes on counting past it.
    @Test func foreignLabelsAreCountedUpToTheLimit() {
        var summary = ImportFileSummary(file: "f.csv", format: .csv)
        #expect(summary.unknownLabels == nil)
        for n in 0..<150 { summary.countUnknownLabel(kind: "category", label: "q\(n)") }
        summary.countUnknownLabel(kind: "category", label: "q0")
        summary.countUnknownLabel(kind: "priority", label: "urgent")
        let categories = summary.unknownLabels?["category"] ?? [:]
        #expect(categories.count == ImportFileSummary.unknownLabelLimit)
        #expect(categories["q0"] == 2 && categories["q99"] == 1 && categories["q100"] == nil)
        #expect(summary.unknownLabels?["priority"] == ["urgent": 1])
    }

    /// A foreign label of megabytes is kept as its first 80 characters: a hundred of them would otherwise hold
    /// a gigabyte, and the summary would print them whole.
    @Test func aHugeForeignLabelIsKeptShort() {
        var summary = ImportFileSummary(file: "f.csv", format: .csv)
        let huge = String(repeating: "x", count: 5_000_000)
        summary.countUnknownLabel(kind: "category", label: huge)
        summary.countUnknownLabel(kind: "category", label: huge)
        #expect(summary.unknownLabels?["category"] == [String(repeating: "x", count: 80) + "…": 2])
    }
}
