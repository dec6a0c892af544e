import Foundation
import TicketModel

/// Turns ticket text into a sparse TF-IDF vector over hashed word 1-2-grams and character 2-5-grams (within
/// whitespace-separated tokens), the features of the scikit-learn baseline we measure against.
///
/// Hashing keeps memory bounded whatever the vocabulary; after training, only the buckets some training
/// document had are features, numbered in bucket order. Like a word outside a vocabulary, any other bucket is
/// dropped: the model has no weight for it, and it would only dilute the others' share of the vector.
public struct TextFeaturizer: Sendable, Equatable {
    /// Number of hash buckets (a power of two).
    public var buckets: Int
    /// The buckets seen in training, in increasing order: feature `i` is bucket `seen[i]`.
    public private(set) var seen: [Int32]
    /// Inverse document frequency of each feature as a word and as a character n-gram (smooth IDF, as
    /// scikit-learn computes it); 0 where training never saw it as that kind.
    public private(set) var wordIDF: [Float]
    public private(set) var characterIDF: [Float]
    /// Bucket → feature, or −1: rebuilt from `seen`, never stored.
    private var features: [Int32]

    public init(buckets: Int = 1 << 20) {
        self.buckets = buckets
        seen = []
        wordIDF = []
        characterIDF = []
        features = []
    }

    /// How many features the model has: the buckets seen in training.
    public var dimensions: Int { seen.count }

    /// Learns the features and their IDF from how many of `documents` training documents had each bucket.
    public mutating func fit(wordFrequency: [Int32], characterFrequency: [Int32], documents: Int) {
        let n = Float(documents)
        func idf(_ frequency: Int32) -> Float { frequency == 0 ? 0 : log((1 + n) / (1 + Float(frequency))) + 1 }
        seen = (0..<buckets).filter { wordFrequency[$0] > 0 || characterFrequency[$0] > 0 }.map(Int32.init)
        wordIDF = seen.map { idf(wordFrequency[Int($0)]) }
        characterIDF = seen.map { idf(characterFrequency[Int($0)]) }
        features = TextFeaturizer.features(seen: seen, buckets: buckets)
    }

    static func features(seen: [Int32], buckets: Int) -> [Int32] {
        var features = [Int32](repeating: -1, count: buckets)
        for (feature, bucket) in seen.enumerated() { features[Int(bucket)] = Int32(feature) }
        return features
    }

    /// The document's features, in increasing order.
    public func transform(_ document: String) -> SparseVector {
        let counts = termCounts(document)
        return weigh(words: counts.words, characters: counts.characters)
    }

    /// Sublinear TF-IDF of word and character n-grams (each kind with its own IDF), L2-normalised together:
    /// the many character n-grams then carry most of the weight, which on real exports (several languages,
    /// typos) cross-validated better than giving words and characters equal parts (Benchmarks/classifier.py).
    public func weigh(words: [TermCount], characters: [TermCount]) -> SparseVector {
        let words = weighted(words, idf: wordIDF)
        let characters = weighted(characters, idf: characterIDF)
        var merged = SparseVector(indices: [], values: [])
        merged.indices.reserveCapacity(words.count + characters.count)
        merged.values.reserveCapacity(words.count + characters.count)
        var (i, j) = (0, 0)
        while i < words.count || j < characters.count {
            if j == characters.count || (i < words.count && words[i].0 < characters[j].0) {
                merged.indices.append(words[i].0); merged.values.append(words[i].1); i += 1
            } else if i == words.count || characters[j].0 < words[i].0 {
                merged.indices.append(characters[j].0); merged.values.append(characters[j].1); j += 1
            } else {
                merged.indices.append(words[i].0); merged.values.append(words[i].1 + characters[j].1); i += 1; j += 1
            }
        }
        let norm = merged.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { for i in merged.values.indices { merged.values[i] /= norm } }
        return merged
    }

    /// (feature, TF-IDF) of the counts' buckets that are features of this kind.
    func weighted(_ counts: [TermCount], idf: [Float]) -> [(Int32, Float)] {
        counts.compactMap { term -> (Int32, Float)? in
            let feature = features.isEmpty ? -1 : features[Int(term.bucket)]
            guard feature >= 0, idf[Int(feature)] > 0 else { return nil }
            return (feature, (1 + log(Float(term.count))) * idf[Int(feature)])
        }
    }

    /// How often each bucket occurs in the document, sorted by bucket: word 1-2-grams (runs of two or more
    /// letters or digits, scikit-learn's default tokens) and character 2-5-grams of each whitespace-separated
    /// token between spaces (its `char_wb`, punctuation included: "#1234," and "refund?" say something).
    public func termCounts(_ document: String) -> (words: [TermCount], characters: [TermCount]) {
        let document = document.shortened(to: Self.maxCharacters, mark: "")
        var words: [Int32] = []
        var characters: [Int32] = []
        characters.reserveCapacity(document.utf8.count * 5)
        let mask = UInt64(buckets - 1)
        func bucket(_ hash: UInt64) -> Int32 { Int32(truncatingIfNeeded: (hash ^ (hash >> 29)) & mask) }
        let text = TextFeaturizer.tokens(document)
        text.bytes.withUnsafeBufferPointer { bytes in
            var previous: Range<Int>?
            for word in text.words {
                words.append(bucket(TextFeaturizer.hash(bytes, word, seed: 1)))
                if let previous {
                    var bigram = FNV1a(seed: 2)
                    bigram.combine(UnsafeBufferPointer(rebasing: bytes[previous]))
                    bigram.combine(CollectionOfOne(0x20))
                    bigram.combine(UnsafeBufferPointer(rebasing: bytes[word]))
                    words.append(bucket(bigram.value))
                }
                previous = word
            }
            // N-grams of characters, not bytes: each chunk's character starts, its padding spaces included.
            for chunk in text.chunks {
                let starts = text.starts[chunk]
                for n in 2...5 where starts.count > n {
                    for first in starts.startIndex...(starts.endIndex - 1 - n) {
                        let range = starts[first]..<starts[first + n]
                        characters.append(bucket(TextFeaturizer.hash(bytes, range, seed: UInt64(10 + n))))
                    }
                }
            }
        }
        return (TextFeaturizer.counted(&words), TextFeaturizer.counted(&characters))
    }

    /// Only a document's first characters count, in training and in labeling alike: its start says what a ticket
    /// is about (as Claude is sent only a description's first 10,000), while a pasted log of megabytes took
    /// hundreds of megabytes of n-grams (about twenty bytes a character) and seconds.
    public static let maxCharacters = 12_000

    /// Sorting and counting runs: several times faster than a dictionary for a few hundred terms.
    static func counted(_ hashes: inout [Int32]) -> [TermCount] {
        hashes.sort()
        var counts: [TermCount] = []
        counts.reserveCapacity(hashes.count / 2)
        var index = 0
        while index < hashes.count {
            var end = index + 1
            while end < hashes.count && hashes[end] == hashes[index] { end += 1 }
            counts.append(TermCount(bucket: hashes[index], count: Int32(end - index)))
            index = end
        }
        return counts
    }

    /// The lowercased text as UTF-8 in one buffer; `words`, runs of two or more letters or digits, as byte
    /// ranges; `starts`, where each character of the buffer starts (and its end), and `chunks`, each whitespace-
    /// separated token with the spaces before and after it, as ranges of `starts` (each one longer, for the end).
    static func tokens(_ text: String) -> (bytes: [UInt8], starts: [Int], chunks: [Range<Int>], words: [Range<Int>]) {
        var bytes: [UInt8] = [0x20]
        bytes.reserveCapacity(text.utf8.count + 16)
        var starts: [Int] = [0]
        starts.reserveCapacity(text.utf8.count + 16)
        var chunkFirst = 0
        var chunks: [Range<Int>] = []
        var words: [Range<Int>] = []
        var chunkStart = 1
        var wordStart = 1
        var wordLength = 0
        func endWord() {
            if wordLength > 1 { words.append(wordStart..<bytes.count) }
            wordLength = 0
        }
        /// One character, as its lowercased UTF-8 bytes.
        func append<C: Collection<UInt8>>(_ character: C, letterOrDigit: Bool) {
            if letterOrDigit {
                if wordLength == 0 { wordStart = bytes.count }
                wordLength += 1
            } else {
                endWord()
            }
            starts.append(bytes.count)
            bytes.append(contentsOf: character)
        }
        func endChunk() {
            endWord()
            if bytes.count > chunkStart {
                // The chunk's characters from its leading space to its trailing one, and where that one ends.
                starts.append(bytes.count)
                bytes.append(0x20)
                chunks.append(chunkFirst..<(starts.count + 1))
                chunkFirst = starts.count - 1
                chunkStart = bytes.count
            }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x61...0x7A, 0x30...0x39: append(CollectionOfOne(UInt8(value)), letterOrDigit: true)
                case 0x41...0x5A: append(CollectionOfOne(UInt8(value + 0x20)), letterOrDigit: true)
                case 0x09...0x0D, 0x20: endChunk()
                default: append(CollectionOfOne(UInt8(value)), letterOrDigit: false)
                }
            } else if scalar.properties.isWhitespace {
                endChunk()
            } else {
                append(
                    scalar.properties.lowercaseMapping.utf8,
                    letterOrDigit: scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
            }
        }
        endChunk()
        starts.append(bytes.count)
        return (bytes, starts, chunks, words)
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, seed: UInt64) -> UInt64 {
        var hash = FNV1a(seed: seed)
        hash.combine(UnsafeBufferPointer(rebasing: bytes[range]))
        return hash.value
    }
}

extension TextFeaturizer: Codable {
    enum CodingKeys: String, CodingKey { case buckets, seen, wordIDF = "word_idf", characterIDF = "character_idf" }

    // IDF as packed little-endian floats: a quarter of a million numbers as JSON text would be slow to read.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(buckets, forKey: .buckets)
        try container.encode(PackedFloats.data(seen), forKey: .seen)
        try container.encode(PackedFloats.data(wordIDF), forKey: .wordIDF)
        try container.encode(PackedFloats.data(characterIDF), forKey: .characterIDF)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        buckets = try container.decode(Int.self, forKey: .buckets)
        seen = PackedFloats.integers(try container.decode(Data.self, forKey: .seen), as: Int32.self)
        wordIDF = PackedFloats.floats(try container.decode(Data.self, forKey: .wordIDF))
        characterIDF = PackedFloats.floats(try container.decode(Data.self, forKey: .characterIDF))
        let buckets = buckets
        guard buckets > 0, buckets & (buckets - 1) == 0, wordIDF.count == seen.count, characterIDF.count == seen.count,
            zip(seen, seen.dropFirst()).allSatisfy({ $0 < $1 }), seen.allSatisfy({ $0 >= 0 && Int($0) < buckets })
        else {
            throw DecodingError.dataCorruptedError(forKey: .seen, in: container, debugDescription: "features do not match the buckets")
        }
        features = TextFeaturizer.features(seen: seen, buckets: buckets)
    }
}
