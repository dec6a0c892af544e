import Testing
@testable import TicketModel

@Suite struct ConfigNodeTests {
    @Test func theNearestKeyIsGuessedOnlyWhenItIsClearlyNearest() {
        let allowed: Set = ["schedule", "steps", "name", "timezone", "format", "formal"]
        #expect(ConfigNode.closest(to: "shedule", in: allowed) == "schedule")
        #expect(ConfigNode.closest(to: "shcedule", in: allowed) == "schedule")  // a transposition is one edit
        #expect(ConfigNode.closest(to: "STEPS", in: allowed) == "steps")
        #expect(ConfigNode.closest(to: "nmae", in: allowed) == "name")
        #expect(ConfigNode.closest(to: "forma", in: allowed) == nil)  // as near to format as to formal
        #expect(ConfigNode.closest(to: "nope", in: allowed) == nil)  // short names: one edit at most
        #expect(ConfigNode.closest(to: "colour", in: allowed) == nil)
    }

    @Test func editDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps() {
        func distance(_ a: String, _ b: String) -> Int { ConfigNode.editDistance(Array(a.utf8), Array(b.utf8)) }
        #expect(distance("", "abc") == 3)
        #expect(distance("abc", "abc") == 0)
        #expect(distance("path", "paths") == 1)
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("ab", "ba") == 1)
    }
}
