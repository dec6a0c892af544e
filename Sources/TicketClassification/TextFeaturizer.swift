import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Turns ticket text into a sparse, L2-normalised TF-IDF vector over hashed word 1-2-grams and character
/// 2-5-grams (within word boundaries), the features of the scikit-learn baseline we measure against.
/// Hashing keeps the model small and the vocabulary open: a word first seen in production still counts.
public struct TextFeaturizer: Sendable, Codable, Equatable {
    /// Number of hash buckets (a power of two).
    public var buckets: Int
    /// Inverse document frequency per bucket seen in training; unseen buckets get `defaultIDF`.
    public var idf: [Int32: Float]
    public var defaultIDF: Float

    public init(buckets: Int = 1 << 18) {
        self.buckets = buckets
        idf = [:]
        defaultIDF = 1
    }

    /// Learns IDF weights from the training documents (smooth IDF, as scikit-learn computes it).
    public mutating func fit(_ documents: [String]) {
        var documentFrequency: [Int32: Int] = [:]
        for document in documents {
            for bucket in Set(rawCounts(document).keys) { documentFrequency[bucket, default: 0] += 1 }
        }
        let n = Float(documents.count)
        idf = documentFrequency.mapValues { log((1 + n) / (1 + Float($0))) + 1 }
        defaultIDF = log((1 + n) / 1) + 1
    }

    /// The document's features, sorted by bucket.
    public func transform(_ document: String) -> SparseVector {
        var entries = rawCounts(document).map { bucket, count -> (Int32, Float) in
            // Sublinear term frequency keeps a repeated word from dominating.
            (bucket, (1 + log(Float(count))) * (idf[bucket] ?? defaultIDF))
        }
        // Sorted before summing: a dictionary's order varies, and float sums depend on order.
        entries.sort { $0.0 < $1.0 }
        let norm = entries.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
        if norm > 0 { entries = entries.map { ($0.0, $0.1 / norm) } }
        return SparseVector(indices: entries.map(\.0), values: entries.map(\.1))
    }

    func rawCounts(_ document: String) -> [Int32: Int] {
        var counts: [Int32: Int] = [:]
        let words = TextFeaturizer.words(document)
        let mask = UInt64(buckets - 1)
        func add(_ hash: UInt64) { counts[Int32(truncatingIfNeeded: hash & mask), default: 0] += 1 }
        var previous: [UInt8]?
        for word in words {
            add(TextFeaturizer.hash(word, seed: 1))
            if let previous { add(TextFeaturizer.hash(previous + [0x20] + word, seed: 2)) }
            previous = word
            let padded = [0x20] + word + [0x20]
            for n in 2...5 where padded.count >= n {
                for start in 0...(padded.count - n) {
                    add(TextFeaturizer.hash(padded[start..<(start + n)], seed: UInt64(10 + n)))
                }
            }
        }
        return counts
    }

    /// Lowercased runs of letters and digits, as UTF-8.
    static func words(_ text: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(Array(current.utf8))
                current = ""
            }
        }
        if !current.isEmpty { words.append(Array(current.utf8)) }
        return words
    }

    static func hash<C: Collection<UInt8>>(_ bytes: C, seed: UInt64) -> UInt64 {
        var hash = FNV1a(seed: seed)
        hash.combine(bytes)
        return hash.value ^ (hash.value >> 29)
    }
}
