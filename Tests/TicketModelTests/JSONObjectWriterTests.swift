import Foundation
import Testing

@testable import TicketModel

@Suite struct JSONObjectWriterTests {
    /// What Foundation writes for `value`, as imports before this writer stored it (slashes unescaped) and as
    /// CSV exports wrote an attribute (escaped).
    private func foundation(_ value: Any, escapingSlashes: Bool = false) throws -> String {
        let options: JSONSerialization.WritingOptions = escapingSlashes ? [.sortedKeys, .fragmentsAllowed] : [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: options), as: UTF8.self)
    }

    private func parsed(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: [
        // Keys Foundation orders by number, case only on ties, and accents after their letter.
        #"{"b":1,"B":2,"a10":3,"a9":4,"A":true,"é":0.5,"e":1.0,"z":1e300,"Z":"","_u":1,"-x":2,"1":3,"10":4,"2":5}"#,
        // Numbers: large, negative zero, exponents, decimals beyond a double, booleans beside 0 and 1.
        #"{"big":12345678901234567890,"neg":-0.0,"i":-42,"f":3.14159265358979,"d":100000000000000000000000,"small":1e-7,"t":true,"f0":false,"zero":0,"one":1}"#,
        // Strings: every escape Foundation writes, slashes left alone, text outside ASCII as it is.
        #"{"s":"a/b\b\f\u0001\u001f\"\\ \n\t\r✓ 日本語 😀","empty":""}"#,
        // Nesting: objects in arrays in objects, empty ones, nulls.
        #"{"arr":[1,false,null,{"y":1,"x":[]}],"o":{},"n":null,"deep":{"b":{"d":[[]],"c":{"Z":1,"a":2}}}}"#,
        // A Zendesk ticket's nested objects.
        #"{"via":{"channel":"web","source":{"from":{},"to":{},"rel":null}},"metric_set":{"reply_time_in_minutes":{"calendar":90,"business":30},"solved_at":"2026-11-21T10:00:00Z"},"custom_fields":[{"id":360000001,"value":"tier_1"}]}"#,
    ])
    func writesWhatFoundationWrites(text: String) throws {
        let object = try parsed(text)
        #expect(JSONObjectWriter().text(object) == (try foundation(object)))
        #expect(JSONObjectWriter(escapingSlashes: true).text(object) == (try foundation(object, escapingSlashes: true)))
        // Each value alone, as a CSV export writes an attribute in its own column.
        for value in object.values {
            #expect(JSONObjectWriter(escapingSlashes: true).text(value) == (try foundation(value, escapingSlashes: true)))
        }
    }

    /// Random objects of keys that sort differently under Foundation's order than by code point.
    /// A CSV import orders a row's keys by code point: the same object so ordered, only at the top, and only
    /// where that is not Foundation's order already.
    @Test func writesTheTopLevelInCodePointOrderWhereThatDiffers() throws {
        let writer = JSONObjectWriter()
        let agreeing = try parsed(#"{"via":{"b":1,"A":2},"metric_set":{"x":1}}"#)
        #expect(writer.textInBothOrders(agreeing).text == (try foundation(agreeing)))
        #expect(writer.textInBothOrders(agreeing).codePointOrder == nil)
        let differing = try parsed(#"{"links":{"b":1,"A":2,"a10":3,"a9":4},"Zeta":"z","u_f2":1,"u_f10":2}"#)
        #expect(writer.textInBothOrders(differing).text == (try foundation(differing)))
        #expect(
            writer.textInBothOrders(differing).codePointOrder
                == #"{"Zeta":"z","links":{"A":2,"a9":4,"a10":3,"b":1},"u_f10":2,"u_f2":1}"#)
    }

    @Test func randomObjectsMatchFoundation() throws {
        var random = SeededGenerator(seed: 16)
        let names = ["a", "A", "b", "B", "a2", "a10", "A10", "é", "e", "E", "_", "-", "1", "01", "10", "2", "z", "Z", "ß", "ss", "key", "Key", "KEY", "日本", "a b", "a-b", "a_b"]
        func value(_ depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &random) {
            case 0: return names.randomElement(using: &random)! + "/\"\n\u{1}"
            case 1: return Int.random(in: -1_000_000...1_000_000, using: &random)
            case 2: return Double(Int.random(in: -1000...1000, using: &random)) / 8
            case 3: return Bool.random(using: &random)
            case 4: return NSNull()
            case 5: return (0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth + 1) }
            default: return object(depth + 1)
            }
        }
        func object(_ depth: Int) -> [String: Any] {
            var object: [String: Any] = [:]
            for _ in 0..<Int.random(in: 0...8, using: &random) { object[names.randomElement(using: &random)!] = value(depth) }
            return object
        }
        let writer = JSONObjectWriter()
        for _ in 0..<300 {
            // Read back from text, as an import has it: numbers and booleans as JSONSerialization parses them.
            let object = try parsed(try foundation(object(0)))
            #expect(writer.text(object) == (try foundation(object)))
        }
    }
}
