import Foundation
import Testing
import TicketJobsTestSupport

@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketClassification

@Suite struct LocalClassifierTests {
    @Test func learnsTheFixturesWellEnoughToBeUseful() throws {
        let training = try LabeledFile.tickets(at: Fixtures.path("training.csv"))
        let evaluation = try LabeledFile.tickets(at: Fixtures.path("evaluation.csv"))
        let model = try LocalClassifierModel.train(on: training, trainedAt: Date(timeIntervalSince1970: 0))
        #expect(model.trainingSize == Set(training.map(\.text)).count)
        let predictions = evaluation.map { model.predict($0.text) }
        let categoryAccuracy = Double(zip(predictions, evaluation).filter { $0.category == $1.category }.count) / Double(evaluation.count)
        let priorityAccuracy = Double(zip(predictions, evaluation).filter { $0.priority == $1.priority }.count) / Double(evaluation.count)
        // A majority guess scores about 0.4 on categories and 0.3 on priorities here.
        #expect(categoryAccuracy > 0.85, "category accuracy \(categoryAccuracy)")
        #expect(priorityAccuracy > 0.6, "priority accuracy \(priorityAccuracy)")
        #expect(predictions.allSatisfy { ($0.confidence ?? 0) > 0 && ($0.confidence ?? 2) <= 1 })
    }

    @Test func trainingIsDeterministicAndTheModelRoundTrips() throws {
        let training = try LabeledFile.tickets(at: Fixtures.path("training.csv"))
        let a = try LocalClassifierModel.train(on: training, seed: 3, trainedAt: Date(timeIntervalSince1970: 0))
        let b = try LocalClassifierModel.train(on: training, seed: 3, trainedAt: Date(timeIntervalSince1970: 0))
        let identical = a == b  // compared outside #expect: a failure would print megabytes of weights
        #expect(identical)
        let decoded = try JSONDecoder().decode(LocalClassifierModel.self, from: try JSONEncoder().encode(a))
        #expect(decoded.predict("refund the double charge") == a.predict("refund the double charge"))
    }

    /// Calibrated: the mean confidence on held-out tickets is close to the share answered right (an
    /// uncalibrated softmax of SVM margins says about 0.4 here, while the model is right 9 times in 10).
    @Test func confidencesSayHowOftenTheModelIsRight() throws {
        let training = try LabeledFile.tickets(at: Fixtures.path("training.csv"))
        let evaluation = try LabeledFile.tickets(at: Fixtures.path("evaluation.csv"))
        let model = try LocalClassifierModel.train(on: training, trainedAt: Date(timeIntervalSince1970: 0))
        for kind in [LabelKind.category, .priority] {
            let answers = evaluation.map { ticket in
                let features = model.featurizer.transform(ticket.text)
                let (label, confidence) = kind == .category ? model.category.predict(features) : model.priority.predict(features)
                let truth = kind == .category ? ticket.category?.rawValue : ticket.priority?.rawValue
                return (right: label == truth, confidence: confidence)
            }
            let accuracy = Double(answers.filter(\.right).count) / Double(answers.count)
            let meanConfidence = answers.map(\.confidence).reduce(0, +) / Double(answers.count)
            #expect(abs(meanConfidence - accuracy) < 0.1, "\(kind): accuracy \(accuracy), mean confidence \(meanConfidence)")
            // Sure answers are right more often than doubtful ones.
            let sorted = answers.sorted { $0.confidence > $1.confidence }
            let sure = sorted.prefix(sorted.count / 2), doubtful = sorted.suffix(sorted.count / 2)
            #expect(sure.filter(\.right).count >= doubtful.filter(\.right).count)
        }
    }

    @Test func trainingStopsAtTheMemoryBudgetKeepingTheFirstTickets() throws {
        let training = try LabeledFile.tickets(at: Fixtures.path("training.csv"))
        let full = try LocalClassifierModel.train(on: training, trainedAt: Date(timeIntervalSince1970: 0))
        let small = try LocalClassifierModel.train(on: training, nodeBudget: 20_000, trainedAt: Date(timeIntervalSince1970: 0))
        #expect(small.trainingSize > 10 && small.trainingSize < full.trainingSize)
        let first = try LocalClassifierModel.train(
            on: Array(training.prefix(small.trainingSize)), trainedAt: Date(timeIntervalSince1970: 0))
        #expect(first == small)
    }

    /// One category in every labeled ticket is nothing to learn: every ticket would get it, sure as can be (past
    /// any --min-confidence). One priority is a team's practice (every ticket "normal"): that is the answer.
    @Test func oneCategoryOnlyIsRefusedOnePriorityOnlyIsTheAnswer() throws {
        let oneCategory = (0..<20).map { i in
            Ticket(id: "\(i)", title: "ticket \(i)", description: i % 2 == 0 ? "refund" : "crash", category: .billing,
                   priority: i % 2 == 0 ? .low : .high, createdAt: Date(timeIntervalSince1970: 0))
        }
        #expect(throws: ClassificationError.oneLabelOnly(kind: "categories", tickets: 20, label: "billing")) {
            try LocalClassifierModel.train(on: oneCategory, trainedAt: Date(timeIntervalSince1970: 0))
        }
        let onePriority = (0..<20).map { i in
            Ticket(id: "\(i)", title: "ticket \(i)", description: i % 2 == 0 ? "refund" : "crash",
                   category: i % 2 == 0 ? .billing : .technical, priority: .medium, createdAt: Date(timeIntervalSince1970: 0))
        }
        let model = try LocalClassifierModel.train(on: onePriority, trainedAt: Date(timeIntervalSince1970: 0))
        let label = model.predict("the app crashes")
        #expect(label.category == .technical && label.priority == .medium)
        #expect(model.priority.predict(model.featurizer.transform("anything")).confidence == 1)
        #expect(model.category.unlearnedLabels == ["account", "general"] && model.priority.unlearnedLabels == ["low", "high", "critical"])
    }

    /// A model that learned one category, stored before training refused one, is not reused: trained again, the
    /// store's tickets are refused as they would be now, and suggest says so too instead of answering it.
    @Test func aStoredModelOfOneCategoryIsNotReused() async throws {
        let store = try TicketStore()
        let created = Date(timeIntervalSince1970: 1_764_000_000)
        let tickets = (0..<20).map { i in
            Ticket(id: "\(i)", title: "ticket \(i)", description: i % 2 == 0 ? "refund" : "crash", category: .billing,
                   priority: i % 2 == 0 ? .low : .high, createdAt: created)
        }
        try TicketSeeder.seed(store, tickets)
        var twoCategories = tickets
        twoCategories[0].category = .technical
        var old = try LocalClassifierModel.train(on: twoCategories, trainedAt: created.addingTimeInterval(3_600))
        // As such a model was stored: every category but billing unlearned.
        for index in old.category.labels.indices where old.category.labels[index] != "billing" {
            old.category.biases[index] = -.infinity
        }
        try store.saveClassifierModel(
            kind: LocalClassifierModel.kind, trainedAt: old.trainedAt, trainingSize: old.trainingSize,
            parameters: try JSONEncoder().encode(old))
        var job = ClassifyJob(store: store, environment: [:], logger: LogRecorder().logger())
        job.provider = .local
        job.clock = FixedWallClock(created.addingTimeInterval(7_200))
        #expect(throws: ClassificationError.oneLabelOnly(kind: "categories", tickets: 20, label: "billing")) {
            _ = try job.localModel()  // not returned: a failure would print megabytes of weights
        }
        await #expect(throws: ClassificationError.oneLabelOnly(kind: "categories", tickets: 20, label: "billing")) {
            _ = try await SuggestJob(classify: job).suggest(title: "refund please", description: "")
        }
    }

    @Test func withoutLabeledTicketsItSaysWhatToDo() throws {
        #expect(throws: ClassificationError.noTrainingData) {
            try LocalClassifierModel.train(on: [Ticket(id: "1", title: "x", description: "", createdAt: Date())], trainedAt: Date())
        }
    }

    @Test func runnerLabelsWithTheLocalModelAndStoresIt() async throws {
        let store = try TicketStore()
        var options = ImportOptions()
        let directory = try TemporaryDirectory()
        options.rejectsPath = directory.path("r.csv")
        _ = try Importer(store: store, logger: LogRecorder().logger()).run(paths: [Fixtures.path("tickets.csv")], options: options)
        let logs = LogRecorder()
        var job = ClassifyJob(store: store, environment: [:], logger: logs.logger())
        job.provider = .auto
        let summary = try await job.run()
        #expect(summary.provider == "local")
        // A cron job's environment without the key its author's shell had is said, not only seen in the provider.
        #expect(logs.entries.contains { $0.level == .notice && $0.message == "no API key (ANTHROPIC_API_KEY, LLM_API_KEY): the local classifier labels" })
        #expect(summary.labeled == summary.candidates && summary.candidates > 0)
        #expect(summary.costUSD == 0 && summary.requests == 0)
        #expect(try store.latestClassifierModel(kind: LocalClassifierModel.kind) != nil)
        let left = try store.classificationCandidates(since: nil, until: nil, relabel: false, limit: nil)
        #expect(left.isEmpty)
    }

    @Test func aPersonsLabelsTrainFirstAndAClassifiersNever() throws {
        let store = try TicketStore()
        let directory = try TemporaryDirectory()
        var options = ImportOptions()
        options.rejectsPath = directory.path("r.csv")
        _ = try Importer(store: store, logger: LogRecorder().logger()).run(paths: [Fixtures.path("tickets.csv")], options: options)
        let newestFirst = try store.trainingTickets(limit: 1_000)
        #expect(newestFirst.map(\.createdAt) == newestFirst.map(\.createdAt).sorted(by: >))
        // The two oldest labeled tickets get a person's labels: they now come first.
        let oldest = newestFirst.suffix(2).map(\.id)
        let unknown = try store.applyReviewedLabels(
            oldest.map { ReviewedLabel(externalID: $0, category: .account, priority: .critical) }, at: Date())
        #expect(unknown.isEmpty)
        let training = try store.trainingTickets(limit: 3)
        #expect(Set(training.prefix(2).map(\.id)) == Set(oldest))
        #expect(training.prefix(2).allSatisfy { $0.category == .account && $0.priority == .critical })
        #expect(training.last?.id == newestFirst.first?.id)
        #expect(try store.trainingTickets(limit: 1_000).count == newestFirst.count)
    }

    @Test func anthropicIsChosenWhenAKeyIsSetUnderEitherName() throws {
        let store = try TicketStore()
        for name in ["ANTHROPIC_API_KEY", "LLM_API_KEY"] {
            let job = ClassifyJob(store: store, environment: [name: "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:1"], logger: LogRecorder().logger())
            let (provider, configuration) = try job.resolvedProvider()
            #expect(provider == .anthropic)
            #expect(configuration?.baseURL.absoluteString == "http://127.0.0.1:1")
        }
        var job = ClassifyJob(store: store, environment: [:], logger: LogRecorder().logger())
        #expect(try job.resolvedProvider().0 == .local)
        job.provider = .anthropic
        #expect(throws: ClassificationError.missingAPIKey) { try job.resolvedProvider() }
    }

    /// `--provider local` chose the local classifier: nothing to say about a key.
    @Test func theLocalProviderChosenSaysNothingOfAKey() async throws {
        let store = try TicketStore()
        let directory = try TemporaryDirectory()
        var options = ImportOptions()
        options.rejectsPath = directory.path("r.csv")
        _ = try Importer(store: store, logger: LogRecorder().logger()).run(paths: [Fixtures.path("tickets.csv")], options: options)
        let logs = LogRecorder()
        var job = ClassifyJob(store: store, environment: [:], logger: logs.logger())
        job.provider = .local
        _ = try await job.run()
        #expect(!logs.entries.contains { $0.message.contains("API key") })
    }

    /// `--provider local` reads no Anthropic setting, so one that `auto` or `anthropic` would refuse (a quoted
    /// key, a base URL that is no URL) does not stop it.
    @Test func theLocalProviderIgnoresAnthropicSettingsItCannotUse() throws {
        let store = try TicketStore()
        for environment in [["ANTHROPIC_API_KEY": "\"sk-ant-abc\""], ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "api.anthropic.com"]] {
            var job = ClassifyJob(store: store, environment: environment, logger: LogRecorder().logger())
            #expect(throws: ClassificationError.self) { try job.resolvedProvider() }
            job.provider = .local
            #expect(try job.resolvedProvider().0 == .local)
        }
    }
}
