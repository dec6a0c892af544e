import ArgumentParser
import TicketClassification

/// The classifiers `evaluate` scores. Unlike `classify`, no `auto`: an evaluation says which model it
/// measured, whatever keys the environment holds.
enum EvaluatedProvider: String, CaseIterable, ExpressibleByArgument {
    case anthropic, local

    var provider: ClassifierProvider {
        switch self {
        case .anthropic: .anthropic
        case .local: .local
        }
    }
}
