import Testing
@testable import TicketModel

@Suite struct StringShortenedTests {
    @Test func aLongStringIsCutAtACharacterAndMarked() {
        #expect("short".shortened(to: 5) == "short")
        #expect("longer".shortened(to: 5) == "longe…")
        #expect("🇩🇪🇩🇪🇩🇪".shortened(to: 2) == "🇩🇪🇩🇪…")  // characters, not scalars or bytes
        #expect("café au lait".shortened(to: 4, mark: "") == "café")
        #expect("".shortened(to: 0) == "")
        #expect("x".shortened(to: 0) == "…")
        #expect("abcde".shortened(to: 5) == "abcde")  // as many bytes as the limit
        #expect("éééé".shortened(to: 5) == "éééé")  // more bytes than the limit, fewer characters
    }
}
