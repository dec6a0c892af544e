import Testing
import TicketModel

@Suite struct EditDistanceTests {
    @Test func countsInsertionsDeletionsSubstitutionsAndSwaps() {
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.between("abc", "") == 3)
        #expect(EditDistance.between("abc", "abc") == 0)
        #expect(EditDistance.between("path", "paths") == 1)
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.between("ab", "ba") == 1)
        #expect(EditDistance.between("shcedule", "schedule") == 1)
        #expect(EditDistance.between("café", "cafe") == 1)  // characters, not bytes
    }
}
