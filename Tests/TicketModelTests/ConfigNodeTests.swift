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
}
