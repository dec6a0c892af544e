import Foundation
import Testing

@testable import TicketImport

/// Members are counted at the object's own level only, never inside strings or nested values.
@Suite struct JSONMemberCounterTests {
    func bytes(_ text: String) -> ArraySlice<UInt8> { ArraySlice(Array(text.utf8)) }

    @Test(arguments: [
        (#"{}"#, 0),
        (#"{"id":"a"}"#, 1),
        (#"{"id":"a","title":"b: c, {d} [e]"}"#, 2),
        (#"{"id":"a","via":{"channel":"email","source":{"from":"x"}},"tags":["a:b",{"k":1}]}"#, 3),
        (#"{"id":"a\"b:c","t":"\\"}"#, 2),
        (#"{"a":"\\\":x","b":"\\\\","c":"q"}"#, 3),
        (#" { "id" : "a" , "n" : 1 } "#, 2),
    ])
    func membersAreThoseOfTheObjectItself(text: String, members: Int) {
        #expect(JSONMemberCounter.members(bytes(text)) == members)
        // As the parser sees it: no repeat.
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?.count == members)
        #expect(JSONMemberCounter.firstRepeatedKey(bytes(text)) == nil)
    }

    @Test(arguments: [
        (#"{"id":"a","status":"open","status":"closed"}"#, "status"),
        (#"{"id":"a","st\u0061tus":"open","title":"t","status":"closed"}"#, "status"),
        (#"{"via":{"channel":"a"},"id":"x","via":{"channel":"b"}}"#, "via"),
        // Keys Swift takes for one text (é composed, and e with a combining accent), as the parsed dictionary does.
        ("{\"caf\u{E9}\":1,\"cafe\u{301}\":2}", "caf\u{E9}"),
    ])
    func aKeyNamedTwiceIsFound(text: String, key: String) {
        let parsed = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        #expect(JSONMemberCounter.members(bytes(text)) > parsed.count)
        #expect(JSONMemberCounter.firstRepeatedKey(bytes(text)) == key)
    }

    /// A rejects file's row rejected twice for a repeated key carries our reject_* keys twice; the import ignores them.
    @Test func ourRejectKeysNamedTwiceDoNotCount() {
        let text = #"{"id":"a","reject_line":2,"reject_reason":"x","reject_line":3,"reject_reason":"y"}"#
        #expect(JSONMemberCounter.firstRepeatedKey(bytes(text)) == nil)
        #expect(JSONMemberCounter.firstRepeatedKey(bytes(#"{"reject_line":2,"id":"a","id":"b"}"#)) == "id")
    }

    @Test func aKeyNamedTwiceOnlyInANestedObjectIsNotTheObjectsOwn() {
        let text = #"{"id":"a","via":{"channel":"a","channel":"b"}}"#
        #expect(JSONMemberCounter.members(bytes(text)) == 2)
        #expect(JSONMemberCounter.firstRepeatedKey(bytes(text)) == nil)
    }
}
