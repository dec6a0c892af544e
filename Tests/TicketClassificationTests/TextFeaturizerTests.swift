import Foundation
import Testing

@testable import TicketClassification

@Suite struct TextFeaturizerTests {
    @Test func wordsAreRunsOfTwoLettersOrDigitsAndChunksKeepPunctuation() {
        let text = TextFeaturizer.tokens("Refund #1234, a CAFÉ\tüber-charge!")
        let words = text.words.map { String(decoding: text.bytes[$0], as: UTF8.self) }
        #expect(words == ["refund", "1234", "café", "über", "charge"])
        let chunks = text.chunks.map { chunk in
            String(decoding: text.bytes[text.starts[chunk.lowerBound]..<text.starts[chunk.upperBound - 1]], as: UTF8.self)
        }
        #expect(chunks == [" refund ", " #1234, ", " a ", " café ", " über-charge! "])
    }

    @Test func characterNGramsCountCharactersNotBytes() {
        let featurizer = TextFeaturizer(buckets: 1 << 20)
        // " é " is three characters: two bigrams and one trigram, although "é" is two bytes.
        let counts = featurizer.termCounts("é")
        #expect(counts.words.isEmpty)
        #expect(counts.characters.reduce(0) { $0 + Int($1.count) } == 3)
        #expect(featurizer.termCounts("e").characters.reduce(0) { $0 + Int($1.count) } == 3)
    }

    /// A ticket holding a pasted log is read for its start only: its features are those of its first
    /// `maxCharacters` characters (a 5 MB one took ~160 MB more memory and a second to featurize).
    @Test func onlyADocumentsStartCounts() {
        let featurizer = TextFeaturizer(buckets: 1 << 20)
        let start = "Export fails on large accounts, café über 🇩🇪 "
        let log = String(repeating: start + "ERROR worker 0x7f crashed; retrying frame 42\n", count: 60_000)
        let counts = featurizer.termCounts(log)
        let kept = String(log.prefix(TextFeaturizer.maxCharacters))
        #expect(counts.words == featurizer.termCounts(kept).words)
        #expect(counts.characters == featurizer.termCounts(kept).characters)
        #expect(counts.words != featurizer.termCounts(String(log.prefix(TextFeaturizer.maxCharacters - 50))).words)
    }

    @Test func termCountsAreSortedAndCountRepeats() {
        let counts = TextFeaturizer(buckets: 1 << 20).termCounts("sync sync sync")
        #expect(counts.words.map(\.bucket) == counts.words.map(\.bucket).sorted())
        // "sync" three times, "sync sync" twice.
        #expect(counts.words.map(\.count).sorted() == [2, 3])
    }

    @Test func featuresAreUnitLengthAndUnseenBucketsAreDropped() {
        var featurizer = TextFeaturizer(buckets: 1 << 20)
        let seen = featurizer.termCounts("invoice charged twice")
        var words = [Int32](repeating: 0, count: featurizer.buckets)
        var characters = words
        for term in seen.words { words[Int(term.bucket)] += 1 }
        for term in seen.characters { characters[Int(term.bucket)] += 1 }
        featurizer.fit(wordFrequency: words, characterFrequency: characters, documents: 1)
        let vector = featurizer.transform("invoice charged twice")
        let squares = vector.values.reduce(0) { $0 + $1 * $1 }
        #expect(abs(squares - 1) < 1e-5, "\(squares)")
        // Words weigh in beside the far more numerous character n-grams.
        let wordOnly = featurizer.transform("invoice")
        #expect(wordOnly.indices.count < vector.indices.count && !wordOnly.indices.isEmpty)
        // A text with nothing in common with the training text has no features left.
        #expect(featurizer.transform("zzqx").indices.isEmpty)
        let mixed = featurizer.transform("invoice zzqx")
        #expect(!mixed.indices.isEmpty)
        #expect(mixed.indices.allSatisfy { Int($0) < featurizer.dimensions })
        let seenBuckets = Set(seen.words.map(\.bucket) + seen.characters.map(\.bucket))
        #expect(featurizer.seen == seenBuckets.sorted())
    }

    @Test func theFeaturizerRoundTripsThroughJSON() throws {
        var featurizer = TextFeaturizer(buckets: 1 << 10)
        featurizer.fit(
            wordFrequency: (0..<1024).map { Int32($0 % 3) }, characterFrequency: (0..<1024).map { Int32($0 % 5) },
            documents: 4)
        let decoded = try JSONDecoder().decode(TextFeaturizer.self, from: try JSONEncoder().encode(featurizer))
        #expect(decoded == featurizer)
        let broken = #"{"buckets": 1000, "word_idf": "", "character_idf": ""}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TextFeaturizer.self, from: Data(broken.utf8)) }
    }
}
