import Testing
@testable import TicketModel

/// The word-wise content hash: stored in stores, so its values must never move, and it must tell apart what
/// a re-import needs told apart.
@Suite struct WordHashTests {
    func hash(_ texts: [String?], _ integers: [Int64?] = []) -> UInt64 {
        var hash = WordHash()
        for text in texts { hash.combine(text: text) }
        for integer in integers { hash.combine(integer: integer) }
        return hash.value
    }

    /// Stored hashes are compared with those of later imports, by later builds: a change of these values would
    /// report every ticket of such a store as updated. (Checked against a separate Python rendering of the
    /// definition when they were pinned.)
    @Test func valuesArePinned() {
        #expect(hash([]) == 0xcbf2_9ce4_8422_2325)
        #expect(hash([""]) == 881_666_336_487_808_906)
        #expect(hash(["Charged twice: \"café\" 日本語 — refund"], [1_772_359_200, nil]) == 1_215_090_485_245_984_043)
    }

    @Test func everySingleByteChangeChangesTheHash() {
        let text = Array("The invoice for March was charged twice, refund please!".utf8)
        let original = hash([String(decoding: text, as: UTF8.self)])
        for index in text.indices {
            var changed = text
            changed[index] ^= 0x01
            #expect(hash([String(decoding: changed, as: UTF8.self)]) != original, "byte \(index)")
        }
    }

    @Test func fieldBoundariesAndAbsenceCount() {
        #expect(hash(["ab", "c"]) != hash(["a", "bc"]))
        #expect(hash(["abcdefgh", ""]) != hash(["abcdefgh"]))
        #expect(hash([nil]) != hash([""]))
        #expect(hash([], [nil]) != hash([], [0]))
        // Trailing zero bytes are padded like missing ones; the length tells them apart.
        #expect(hash(["a"]) != hash(["a\u{0}"]))
    }
}
