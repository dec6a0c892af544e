import Foundation
import TicketModel

/// Gathers labeled tickets for a `LocalClassifierModel` one at a time, so that a store can stream them:
/// each distinct text's term counts go straight into liblinear's feature buffer, and `add` says when the
/// buffer's budget is full.
public struct LocalClassifierTrainer {
    private var featurizer = TextFeaturizer()
    private let matrix: FeatureMatrix
    private var wordFrequency: [Int32]
    private var characterFrequency: [Int32]
    // The same text twice is one row (by hash: holding every text would cost as much as the features).
    private var rowOfText: [UInt64: Int] = [:]
    private var categoryExamples: [(row: Int, label: Int)] = []
    private var priorityExamples: [(row: Int, label: Int)] = []
    /// The labels the models choose among; a ticket's label outside them teaches nothing.
    private let taxonomy: Taxonomy
    private let categoryIndex: [Category: Int]
    private let priorityIndex: [Priority: Int]

    public init(taxonomy: Taxonomy = .standard, nodeBudget: Int = LocalClassifierModel.defaultNodeBudget) {
        self.taxonomy = taxonomy
        categoryIndex = Dictionary(uniqueKeysWithValues: taxonomy.categoryNames.enumerated().map { (Category(rawValue: $1)!, $0) })
        priorityIndex = Dictionary(uniqueKeysWithValues: taxonomy.priorityNames.enumerated().map { (Priority(rawValue: $1)!, $0) })
        matrix = FeatureMatrix(dimensions: featurizer.buckets, budget: nodeBudget)
        wordFrequency = [Int32](repeating: 0, count: featurizer.buckets)
        characterFrequency = wordFrequency
    }

    /// Distinct texts taken so far.
    public var rows: Int { matrix.rows }

    /// Takes a ticket's labels (a ticket missing one teaches the other only). False once the budget is full:
    /// the ticket was not taken, and no later one will be.
    public mutating func add(_ ticket: Ticket) -> Bool {
        let categoryLabel = ticket.category.flatMap { categoryIndex[$0] }
        let priorityLabel = ticket.priority.flatMap { priorityIndex[$0] }
        guard categoryLabel != nil || priorityLabel != nil else { return true }
        var hash = FNV1a()
        hash.combineField(ticket.text)
        let row: Int
        if let known = rowOfText[hash.value] {
            row = known
        } else {
            let counts = featurizer.termCounts(ticket.text)
            guard matrix.append(words: counts.words, characters: counts.characters) else { return false }
            for term in counts.words { wordFrequency[Int(term.bucket)] += 1 }
            for term in counts.characters { characterFrequency[Int(term.bucket)] += 1 }
            row = matrix.rows - 1
            rowOfText[hash.value] = row
        }
        if let categoryLabel { categoryExamples.append((row, categoryLabel)) }
        if let priorityLabel { priorityExamples.append((row, priorityLabel)) }
        return true
    }

    /// Weighs the features and trains both models; `seed` orders the calibration folds.
    public consuming func train(seed: UInt64 = 42, trainedAt: Date) throws -> LocalClassifierModel {
        guard !categoryExamples.isEmpty, !priorityExamples.isEmpty else {
            throw ClassificationError.noTrainingData
        }
        // One category is no choice to learn: the model would give it to every ticket with a confidence of 1, past
        // any --min-confidence, and store it. One priority is a team's practice (every ticket "normal"): answered.
        let categories = Set(categoryExamples.map(\.label))
        if categories.count == 1, let only = categories.first {
            throw ClassificationError.oneLabelOnly(
                kind: "categories", tickets: categoryExamples.count, label: taxonomy.categoryNames[only])
        }
        featurizer.fit(wordFrequency: wordFrequency, characterFrequency: characterFrequency, documents: matrix.rows)
        // The frequency tables are done with: freed before training allocates the weights.
        wordFrequency = []
        characterFrequency = []
        matrix.weighRows(features: featurizer.dimensions) { [featurizer] words, characters in featurizer.weigh(words: words, characters: characters) }
        let category = LinearModel.train(
            matrix: matrix, examples: categoryExamples, labels: taxonomy.categoryNames, seed: seed)
        let priority = LinearModel.train(
            matrix: matrix, examples: priorityExamples, labels: taxonomy.priorityNames, seed: seed &+ 1)
        return LocalClassifierModel(
            featurizer: featurizer, category: category, priority: priority, trainingSize: matrix.rows,
            trainedAt: trainedAt)
    }
}
