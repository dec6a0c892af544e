import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// Masks e-mail addresses, phone numbers and card-like numbers before text leaves the machine.
public struct Redactor: Sendable {
    private static let patterns: [(String, String)] = [
        (#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, "[email]"),
        (#"\b(?:\d[ -]?){13,19}\b"#, "[card]"),
        (#"(?<!\w)\+?\d[\d ()./-]{7,}\d(?!\w)"#, "[phone]"),
    ]

    public init() {}

    public func redact(_ text: String) -> String {
        var result = text
        for (pattern, replacement) in Self.patterns {
            let expression = try! NSRegularExpression(pattern: pattern)
            result = expression.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result), withTemplate: replacement)
        }
        return result
    }
}
