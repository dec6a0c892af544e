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
    /// The model answered, but with no usable label (one outside the taxonomy, no tool call, cut off or
    /// refused): counted toward setting the ticket aside for a person (`StoreTransaction.record`).
    public var unusableAnswer: Bool

    public init(
        attempt: Int, httpStatus: Int? = nil, latencyMilliseconds: Int? = nil, usage: TokenUsage = .zero,
        costUSD: Double? = nil, requestID: String? = nil, error: String? = nil, rawAnswer: String? = nil,
        wasRateLimited: Bool = false, unusableAnswer: Bool = false
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
        self.unusableAnswer = unusableAnswer
    }
}
