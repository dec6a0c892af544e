import Testing

@testable import TicketImport

@Suite struct JSONListScannerTests {
    /// The elements `text` yields, as the row source cuts them out.
    func elements(_ text: String) -> (elements: [String], lines: [Int], noList: Bool, ended: Bool) {
        var scanner = JSONListScanner()
        let bytes = Array(text.utf8)
        var found: [String] = [], lines: [Int] = [], start = 0
        for index in bytes.indices {
            switch scanner.scan(bytes[index]) {
            case .elementStart:
                start = index
                lines.append(scanner.line)
            case .elementEnd(let including):
                found.append(String(decoding: bytes[start..<(including ? index + 1 : index)], as: UTF8.self))
            case nil: break
            }
        }
        return (found.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, lines, !scanner.foundList, scanner.topLevelEnded)
    }

    @Test func aTopLevelArraysElementsWithBracketsInsideStrings() {
        let result = elements(#"[{"a": "]}", "b": [1, {"c": "\"["}]}, {"d": 2} ,"x", 42, null]"#)
        #expect(result.elements == [#"{"a": "]}", "b": [1, {"c": "\"["}]}"#, #"{"d": 2}"#, #""x""#, "42", "null"])
    }

    /// Pages saved one after another into one file (`cat page1.json page2.json`): every page's tickets, where
    /// only the first page's were read before and the rest dropped without a word.
    @Test func documentsOneAfterAnotherYieldEveryOnesElements() {
        let arrays = elements("[{\"id\": 1}, {\"id\": 2}]\n[{\"id\": 3}]")
        #expect(arrays.elements == [#"{"id": 1}"#, #"{"id": 2}"#, #"{"id": 3}"#])
        #expect(arrays.lines == [1, 1, 2])
        let pages = elements("""
            {"tickets": [{"id": 1}], "next_page": "?page=2"}
            {"count": 3, "users": [{"id": 7}], "tickets": [{"id": 2}, {"id": 3}], "next_page": null}
            """)
        #expect(pages.elements == [#"{"id": 1}"#, #"{"id": 2}"#, #"{"id": 3}"#])
    }

    /// What follows a document without starting another goes on, to its line's end, as an element the parser
    /// will reject with its line: skipped, it would be lost unseen.
    @Test func strayTextAfterADocumentIsAnElementToItsLinesEnd() {
        let result = elements("[{\"id\": 1}]\n]\nnotes: \"see [below]\n[{\"id\": 2}] tail")
        #expect(result.elements == [#"{"id": 1}"#, "]", #"notes: "see [below]"#, #"{"id": 2}"#])
        // "tail" starts an element the file's end cuts off: the row source hands it on as it is.
        #expect(result.lines == [1, 2, 3, 4, 4])
    }

    @Test func anAPIPageYieldsItsTicketsAndSkipsItsOtherLists() {
        let page = """
            {"users": [{"id": 1}], "count": 2,
             "tickets": [
               {"id": 10,
                "tags": ["a", "b"]},
               {"id": 11}
             ],
             "results": [{"id": 99}], "next_page": "https://example.com/?page=2"}
            """
        let result = elements(page)
        #expect(result.elements == ["{\"id\": 10,\n    \"tags\": [\"a\", \"b\"]}", #"{"id": 11}"#])
        #expect(result.lines == [3, 5])
        #expect(!result.noList)
    }

    @Test func aKeyIsMatchedWhateverItsCaseAndAValueNamedLikeAKeyIsNotOne() {
        #expect(elements(#"{"kind": "tickets", "Results": [{"id": 1}]}"#).elements == [#"{"id": 1}"#])
        #expect(elements(#"{"a": "tickets", "b": [{"id": 1}]}"#).noList)
    }

    /// An object without a list is a ticket of JSON Lines: the row source reads it as a line.
    @Test func anObjectWithoutAListSaysSo() {
        let one = elements(#"{"id": 1, "title": "one ticket", "tags": ["a"]}"#)
        #expect(one.noList && one.ended && one.elements.isEmpty)
        #expect(elements(#"{"data": {"tickets": 3}}"#).noList)
        #expect(!elements("[]").noList && elements("[]").elements.isEmpty && elements("[]").ended)
        #expect(!elements(#"{"tickets": [{"id": 1}"#).ended)
    }
}
