/// How classifying one ticket ended: labeled, or failed with a reason (recorded, never thrown).
public enum ClassificationResult: Sendable, Equatable {
    case labeled(ClassificationLabel)
    case failed(reason: String)
}
