import Foundation
import Testing
import TicketJobsTestSupport
@testable import TicketModel

@Suite struct TaxonomyTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test func aFileKeepsItsOrderDefinitionsExamplesAndMap() throws {
        let path = try directory.write("team.yml", """
            version: 1
            categories:
              technical_support: the product failing.
              billing_and_payments: money.
              returns-2: sending things back.
            priorities: {p3: whenever, p2: this week, p1: now}
            examples:
              - {title: Refund, description: please refund, category: billing_and_payments, priority: p2}
            map: {billing: billing_and_payments, technical: technical_support}
            """)
        let file = try Taxonomy.load(path: path)
        #expect(file.taxonomy.categoryNames == ["technical_support", "billing_and_payments", "returns-2"])
        #expect(file.taxonomy.priorityNames == ["p3", "p2", "p1"])
        #expect(file.taxonomy.categories[2].definition == "sending things back.")
        #expect(file.taxonomy.examples == [
            TaxonomyExample(title: "Refund", description: "please refund", category: "billing_and_payments", priority: "p2")
        ])
        #expect(file.map == ["billing": "billing_and_payments", "technical": "technical_support"])
        #expect(file.taxonomy.index(of: Priority("p1")) == 2)
        #expect(file.taxonomy.problem == nil)
    }

    @Test func jsonFilesReadTheSame() throws {
        let path = try directory.write("team.json", """
            {"version": 1, "categories": {"zeta": "z", "alpha": "a"}, "priorities": {"low": "l", "high": "h"}}
            """)
        #expect(try Taxonomy.load(path: path).taxonomy.categoryNames == ["zeta", "alpha"])
        // A broken one is called JSON, as its author knows it (it is read as the YAML JSON also is).
        let broken = try directory.write("broken.json", #"{"version": 1, "categories": {"a": "1", "a": "2"}}"#)
        #expect {
            try Taxonomy.load(path: broken)
        } throws: { error in
            "\(error)".contains("broken.json: not valid JSON: a key appears twice in one mapping ('a', first at line 1)")
        }
    }

    @Test(arguments: [
        ("categories: {only: one}\npriorities: {low: a, high: b}", "categories", "1 categories: a taxonomy has 2 to 200"),
        ("categories: {a: x, b: y}\npriorities: {low: a}", "priorities", "1 priorities: a taxonomy has 2 to 10"),
        ("categories: {Billing: x, b: y}\npriorities: {low: a, high: b}", "categories.Billing", "is not a label name"),
        ("categories: {a: x, b: ''}\npriorities: {low: a, high: b}", "categories.b", "'b' needs a definition"),
        ("categories: {a: x, b: y}\npriorities: {low: a, high: b}\nexamples: [{title: t, category: c, priority: low}]",
         "examples[0].category", "not a category of this taxonomy (a, b)"),
        ("categories: {a: x, b: y}\npriorities: {low: a, high: b}\ncolours: {}", "colours", "unknown key"),
        ("categories: {a: \"x\\0y\", b: y}\npriorities: {low: a, high: b}", "categories.a",
         "the definition of 'a' holds a NUL character (byte 0)"),
        ("categories: {a: x, b: y}\npriorities: {low: a, high: b}\nexamples: [{title: \"t\\0\", category: a, priority: low}]",
         "examples[0].title", "holds a NUL character (byte 0)"),
    ])
    func badFilesNameTheKeyAndTheProblem(body: String, key: String, reason: String) throws {
        let path = try directory.write("bad.yml", "version: 1\n" + body + "\n")
        #expect {
            try Taxonomy.load(path: path)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == path && (error.key ?? "") == key && error.reason.contains(reason)
        }
    }

    /// `taxonomy export`'s file reads back as the same taxonomy, whatever its definitions and examples hold (YAML's
    /// own syntax, words it would read as booleans or numbers, line breaks, other scripts), at the size limits too.
    @Test func theFileTextReadsBackAsTheSameTaxonomy() throws {
        let tricky = Taxonomy(
            categories: [
                TaxonomyLabel(name: "yes", definition: "no"),
                TaxonomyLabel(name: "billing_and_payments", definition: "money: refunds, \"charges\" & #invoices"),
                TaxonomyLabel(name: "1", definition: "- a list? [not] {really} 'quoted' | > ~ null"),
                TaxonomyLabel(name: "support-2", definition: "Ärger mit dem Gerät; 請求書; line one\nline two"),
            ],
            priorities: [TaxonomyLabel(name: "low", definition: "1.0"), TaxonomyLabel(name: "high", definition: "true")],
            examples: [
                TaxonomyExample(
                    title: "Charged: twice", description: "  leading spaces\n\n# not a comment\n", category: "yes",
                    priority: "high"),
            ])
        let large = Taxonomy(
            categories: (0..<200).map { TaxonomyLabel(name: "c\($0)", definition: "category \($0)") },
            priorities: (0..<10).map { TaxonomyLabel(name: "p\($0)", definition: "priority \($0)") })
        for taxonomy in [Taxonomy.standard, tricky, large] {
            let path = try directory.write("exported.yml", try taxonomy.fileText(comment: "made by a test\non two lines"))
            #expect(try Taxonomy.load(path: path) == TaxonomyFile(taxonomy: taxonomy))
        }
    }

    @Test func twoHundredCategoriesAndTenPrioritiesAreTheLimits() throws {
        func file(categories: Int, priorities: Int) throws -> String {
            let c = (0..<categories).map { "c\($0): d" }.joined(separator: ", ")
            let p = (0..<priorities).map { "p\($0): d" }.joined(separator: ", ")
            return try directory.write("n\(categories)-\(priorities).yml", "version: 1\ncategories: {\(c)}\npriorities: {\(p)}\n")
        }
        #expect(try Taxonomy.load(path: try file(categories: 200, priorities: 10)).taxonomy.categories.count == 200)
        #expect(throws: ConfigError.self) { try Taxonomy.load(path: try file(categories: 201, priorities: 2)) }
        #expect(throws: ConfigError.self) { try Taxonomy.load(path: try file(categories: 2, priorities: 11)) }
    }

    @Test func labelNamesAreShortLowercaseSlugs() {
        #expect(Category(rawValue: "billing_and-payments2") != nil)
        for bad in ["", "Billing", "bill ing", "café", String(repeating: "a", count: 41), "a/b"] {
            #expect(Category(rawValue: bad) == nil, "\(bad)")
            #expect(Priority(rawValue: bad) == nil, "\(bad)")
        }
    }

    @Test func theFingerprintFollowsEverythingTheClassifierIsGiven() {
        var reworded = Taxonomy.standard
        reworded.categories[0].definition += " And shipping."
        var reordered = Taxonomy.standard
        reordered.categories.swapAt(0, 1)
        var fewerExamples = Taxonomy.standard
        fewerExamples.examples.removeLast()
        let prints = [Taxonomy.standard, reworded, reordered, fewerExamples].map(\.fingerprint)
        #expect(Set(prints).count == 4)
        #expect(Taxonomy.standard.fingerprint == Taxonomy.standard.fingerprint)
        // Labels alone: what a trained local model depends on.
        #expect(reworded.labelsFingerprint == Taxonomy.standard.labelsFingerprint)
        #expect(reordered.labelsFingerprint != Taxonomy.standard.labelsFingerprint)
    }
}
