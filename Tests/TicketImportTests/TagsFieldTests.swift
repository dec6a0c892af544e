import Foundation
import Testing

@testable import TicketImport

@Suite struct TagsFieldTests {
    @Test(arguments: [
        (#"["Network Issue", "vpn"]"#, ["Network Issue", "vpn"]),
        ("refund, vip", ["refund", "vip"]),
        ("refund vip refund", ["refund", "vip"]),
        ("[not json", ["[not", "json"]),
        ("[1, 2]", ["[1", "2]"]),
    ])
    func oneFieldHoldsAJSONArrayCommaOrSpaceSeparatedTags(text: String, tags: [String]) {
        #expect(TagsField.parse(text) == tags)
    }

    /// A row source's list keeps each item whole, even alone: a single tag holding a space was two tags.
    @Test func aListsItemsAreEachOneTag() {
        #expect(TagsField.parse(TagsField.list(["Network Issue"])) == ["Network Issue"])
        #expect(TagsField.parse(TagsField.list(["a,b", " c ", ""])) == ["a,b", "c"])
        #expect(TagsField.parse(TagsField.list([])) == [])
    }

    @Test(arguments: [
        (["refund", "vip"], "refund,vip"),
        (["Network Issue", "Urgent"], "Network Issue,Urgent"),
        (["Network Issue"], #"["Network Issue"]"#),
        (["a,b", "c"], #"["a,b","c"]"#),
        (["x"], "x"),
        ([], ""),
    ])
    func exportedTagsReadBackTheSame(tags: [String], field: String) {
        #expect(TagsField.format(tags) == field)
        #expect(TagsField.parse(field) == tags)
    }
}
