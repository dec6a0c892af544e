import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// One line of a batch's results, read and validated like a synchronous answer.
struct BatchResult {
    enum Kind: String {
        case succeeded, invalid, errored, expired, canceled
        /// The results had no line for the request.
        case missing

        /// The state its requests take in `message_batch_requests`.
        var requestState: BatchRequestState {
            switch self {
            case .succeeded: .succeeded
            case .invalid: .invalid
            case .errored: .errored
            case .expired: .expired
            case .canceled: .canceled
            case .missing: .missing
            }
        }
    }

    var customID: String
    var kind: Kind
    var label: ClassificationLabel?
    var usage = TokenUsage.zero
    /// Why there is no label.
    var problem: String?
    /// The answer as received, kept when it failed validation.
    var rawAnswer: String?
    /// The model answered with no usable label (see `AnthropicResponseParser.Problem.isTheModelsAnswer`).
    var unusableAnswer = false

    init(customID: String, kind: Kind) {
        self.customID = customID
        self.kind = kind
        problem = kind == .missing ? "no result for this request in the batch's results" : nil
    }

    /// Parses `{"custom_id": …, "result": {"type": "succeeded" | "errored" | "canceled" | "expired", …}}`;
    /// nil when the line is not such an object.
    init?(line: Data, taxonomy: Taxonomy = .standard) {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
            let customID = object["custom_id"] as? String, let result = object["result"] as? [String: Any],
            let type = result["type"] as? String
        else { return nil }
        self.customID = customID
        switch type {
        case "succeeded":
            guard let message = result["message"] as? [String: Any] else { return nil }
            let parsed = AnthropicResponseParser.parse(message: message, taxonomy: taxonomy)
            usage = parsed.usage ?? .zero
            switch parsed.result {
            case .success(let label):
                kind = .succeeded
                self.label = label
            case .failure(let problem):
                kind = .invalid
                self.problem = problem.description
                rawAnswer = String(decoding: line.prefix(8192), as: UTF8.self)
                unusableAnswer = problem.isTheModelsAnswer
            }
        case "errored":
            kind = .errored
            // The API nests an error response: {"type": "error", "error": {"type": …, "message": …}}.
            let outer = result["error"] as? [String: Any]
            let inner = outer?["error"] as? [String: Any] ?? outer
            let errorType = inner?["type"] as? String ?? "error"
            let message = inner?["message"] as? String ?? ""
            problem = "errored in the batch: \(errorType)" + (message.isEmpty ? "" : ": \(message)")
        case "expired":
            kind = .expired
            problem = "the batch expired before this request was processed"
        case "canceled":
            kind = .canceled
            problem = "the batch was canceled before this request was processed"
        default:
            return nil
        }
    }

    /// Whether the API answered with a message (paid for).
    var answered: Bool { kind == .succeeded || kind == .invalid }

    func count(into tally: inout BatchTally) {
        switch kind {
        case .succeeded: tally.succeeded += 1
        case .invalid: tally.invalid += 1
        case .errored, .missing: tally.errored += 1
        case .expired: tally.expired += 1
        case .canceled: tally.canceled += 1
        }
    }
}
