/// Something that labels tickets: the Anthropic provider, the local model, or a fake in tests.
public protocol TicketClassifier: Sendable {
    /// `anthropic` or `local`, as stored with every call.
    var provider: String { get }
    var model: String { get }
    /// Changes whenever the prompt (or the local features) change, so a label is reused only for the same one.
    var promptVersion: String { get }
    /// Labels one ticket. Never throws for one ticket's trouble: that is a `.failed` outcome.
    func classify(_ request: ClassificationRequest) async -> ClassificationOutcome
}

/// One ticket to classify. The text is untrusted data.
public struct ClassificationRequest: Sendable, Equatable {
    public var ticketID: Int64
    public var externalID: String
    public var title: String
    public var description: String

    public init(ticketID: Int64, externalID: String, title: String, description: String) {
        self.ticketID = ticketID
        self.externalID = externalID
        self.title = title
        self.description = description
    }

    public var text: String { description.isEmpty ? title : title + "\n\n" + description }

    /// Identifies identical text, for reusing an earlier answer instead of paying again.
    public var textHash: Int64 {
        var hash = FNV1a()
        hash.combineField(title)
        hash.combine(description.utf8)
        return Int64(bitPattern: hash.value)
    }
}

/// What a classifier did for one ticket: the result and every call it made on the way.
public struct ClassificationOutcome: Sendable {
    public enum Result: Sendable, Equatable {
        case labeled(ClassificationLabel)
        case failed(reason: String)
    }

    public var request: ClassificationRequest
    public var result: Result
    /// Each attempt made (HTTP requests for Anthropic; one entry for the local model).
    public var calls: [CallRecord]
    /// Set when the run must stop (a rejected key, a spent account).
    public var fatal: ClassificationError?

    public init(request: ClassificationRequest, result: Result, calls: [CallRecord], fatal: ClassificationError? = nil) {
        self.request = request
        self.result = result
        self.calls = calls
        self.fatal = fatal
    }
}

/// One attempt's bookkeeping, stored in `classification_calls`.
public struct CallRecord: Sendable, Equatable {
    public var attempt: Int
    public var httpStatus: Int?
    public var latencyMilliseconds: Int?
    public var usage: TokenUsage
    public var costUSD: Double?
    public var requestID: String?
    public var error: String?
    public var rawAnswer: String?
    public var wasRateLimited: Bool

    public init(
        attempt: Int, httpStatus: Int? = nil, latencyMilliseconds: Int? = nil, usage: TokenUsage = .zero,
        costUSD: Double? = nil, requestID: String? = nil, error: String? = nil, rawAnswer: String? = nil,
        wasRateLimited: Bool = false
    ) {
        self.attempt = attempt
        self.httpStatus = httpStatus
        self.latencyMilliseconds = latencyMilliseconds
        self.usage = usage
        self.costUSD = costUSD
        self.requestID = requestID
        self.error = error
        self.rawAnswer = rawAnswer
        self.wasRateLimited = wasRateLimited
    }
}
