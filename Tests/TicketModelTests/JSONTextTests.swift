import Foundation
import Testing

@testable import TicketModel

/// The hand-written JSON reads back, through JSONSerialization, as the strings it was made of.
@Suite struct JSONTextTests {
    @Test func quotedTextAndArraysReadBackUnchanged() throws {
        let values = ["plain", "quote \" and \\ backslash", "line\nbreak\ttab\r", "bell \u{07} and \u{1F}", "naïve ☃ 日本", "a/b", ""]
        let array = JSONText.array(values)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(array.utf8)) as? [String])
        #expect(decoded == values)
        #expect(JSONText.quote("\u{07}") == "\"\\u0007\"")
        #expect(JSONText.array([]) == "[]")
    }
}
