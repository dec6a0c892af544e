import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// The one-line definitions the classifier is given for each category and priority. The labels themselves
/// are fixed (the database enforces them); what a team means by each one is theirs to write:
///
/// ```yaml
/// version: 1
/// categories: {billing: "…", technical: "…", account: "…", general: "…"}
/// priorities: {low: "…", medium: "…", high: "…", critical: "…"}
/// ```
public struct Taxonomy: Sendable, Equatable {
    public var categories: [Category: String]
    public var priorities: [Priority: String]

    public static let standard = Taxonomy(
        categories: [
            .billing: "payments, charges, refunds, invoices, prices, plans, subscriptions and their cancellation.",
            .technical: "the product misbehaving: errors, crashes, outages, slowness, bugs, integrations, data sync, imports and exports.",
            .account: "access to and administration of an account: login, passwords, two-factor, SSO, users and seats, ownership, profile and e-mail changes, account security, data deletion requests.",
            .general: "everything else: questions, how-to, feature requests, feedback, documentation, sales and partnership inquiries.",
        ],
        priorities: [
            .critical: "production down or unusable for many users, data loss, a security incident, or money being lost right now.",
            .high: "a core function is broken or a person is blocked with no workaround; wrong charges.",
            .medium: "something is impaired but a workaround exists; ordinary requests that need action.",
            .low: "questions, feedback, cosmetic issues, requests with no urgency.",
        ])

    /// Loads a taxonomy file; every label must be defined, and no other.
    public static func load(path: String) throws -> Taxonomy {
        let root = try ConfigNode.load(path: path)
        let keys = try root.mapping(allowed: ["version", "categories", "priorities"])
        guard let version = keys["version"], try version.int() == 1 else {
            throw (keys["version"] ?? root).error("expected 'version: 1'")
        }
        func definitions<Label: RawRepresentable & CaseIterable & Hashable>(_ key: String, _: Label.Type) throws -> [Label: String]
        where Label.RawValue == String {
            guard let node = keys[key] else { throw root.error("missing '\(key)'") }
            let entries = try node.mapping(allowed: Set(Label.allCases.map(\.rawValue)))
            var result: [Label: String] = [:]
            for label in Label.allCases {
                guard let text = try entries[label.rawValue]?.string(), !text.isEmpty else {
                    throw node.error("'\(label.rawValue)' needs a definition (the labels are fixed: \(Label.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                result[label] = text
            }
            return result
        }
        return Taxonomy(categories: try definitions("categories", Category.self), priorities: try definitions("priorities", Priority.self))
    }

    /// A short, stable fingerprint, so answers given under other definitions are not reused.
    var fingerprint: String {
        var hash = FNV1a()
        for category in Category.allCases { hash.combineField(categories[category] ?? "") }
        for priority in Priority.allCases { hash.combineField(priorities[priority] ?? "") }
        return String(hash.value, radix: 16)
    }
}
