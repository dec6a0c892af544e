import TicketModel
import TicketDatabase
import TicketImport

/// Which classifier `classify` uses.
public enum ClassifierProvider: String, CaseIterable, Sendable, Codable {
    /// Anthropic when an API key is set, else local.
    case auto
    case anthropic
    case local
}
