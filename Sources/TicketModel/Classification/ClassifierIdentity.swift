/// Who answered a classification: stored with every call and label, and the key under which an answer for
/// identical text is reused.
public struct ClassifierIdentity: Sendable, Equatable, Hashable {
    /// `anthropic` or `local`.
    public var provider: String
    public var model: String
    /// Changes whenever the prompt (or the local features) change.
    public var promptVersion: String

    public init(provider: String, model: String, promptVersion: String) {
        self.provider = provider
        self.model = model
        self.promptVersion = promptVersion
    }

    /// The label source a label from this classifier is stored with.
    public var labelSource: LabelSource { provider == "anthropic" ? .llm : .local }
}
