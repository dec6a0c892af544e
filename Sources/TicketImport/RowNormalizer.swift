import Foundation
import TicketModel
import TicketDatabase

/// Validates a mapped row and turns it into a ticket, or says why it cannot be one.
public final class RowNormalizer {
    public let mapping: ColumnMapping
    public let dates: TimestampParser
    /// The database's labels: a category or priority outside them rejects its row.
    public let taxonomy: Taxonomy
    private let categoryNames: Set<String>
    private let priorityNames: Set<String>
    // Labels come from a small vocabulary: each distinct source value is resolved once, to its typed label
    // (one lookup per label and row; only the importing thread uses them).
    @exclusivity(unchecked) private var categories: [String: Result<Category?, RowRejection.Reason>] = [:]
    @exclusivity(unchecked) private var priorities: [String: Result<Priority?, RowRejection.Reason>] = [:]
    @exclusivity(unchecked) private var statuses: [String: Result<Status?, RowRejection.Reason>] = [:]

    public init(mapping: ColumnMapping, taxonomy: Taxonomy = .standard, dates: TimestampParser) {
        self.mapping = mapping
        self.taxonomy = taxonomy
        self.dates = dates
        categoryNames = Set(taxonomy.categoryNames)
        priorityNames = Set(taxonomy.priorityNames)
    }

    private func date(_ field: TicketField, _ text: String) -> Result<Date, RowRejection.Reason> {
        switch dates.read(text) {
        case .instant(let date): .success(date)
        case .unparseable: .failure(.unparseableDate(field: field, value: text))
        case .outOfRange: .failure(.dateOutOfRange(field: field, value: text))
        case .impossible(let why): .failure(.impossibleDate(field: field, value: text, why: why))
        }
    }

    /// Every problem of the row is said, not only the first: a legacy file fixed for one reason should not be
    /// refused again for the next.
    public func normalize(_ values: FieldValues) -> Result<NormalizedRow, RowRejection.Reason> {
        var problems: [RowRejection.Reason] = []
        func text(_ field: TicketField) -> String? {
            let raw = values[field]?.trimmed
            if let raw, !raw.isEmpty {
                if raw.holdsNul { problems.append(.nulCharacter(field: field)) }
                return raw
            }
            return mapping.defaults[field]
        }
        func check<Value>(_ result: Result<Value, RowRejection.Reason>) -> Value? {
            switch result {
            case .success(let value): return value
            case .failure(let reason):
                problems.append(reason)
                return nil
            }
        }
        let id = text(.id)
        if id == nil { problems.append(.missingID) }
        let title = text(.title) ?? ""
        let description = text(.description) ?? ""
        if title.isEmpty && description.isEmpty { problems.append(.missingText) }
        var createdAt: Date?
        if let createdText = text(.createdAt) {
            createdAt = check(date(.createdAt, createdText))
        } else {
            problems.append(.missingCreatedAt)
        }
        let resolvedAt = text(.resolvedAt).flatMap { check(date(.resolvedAt, $0)) }
        let category = check(label(.category, text(.category), &categories)) ?? nil
        let priority = check(label(.priority, text(.priority), &priorities)) ?? nil
        let status = check(label(.status, text(.status), &statuses)) ?? nil
        var firstResponseAt: Date?
        if let firstResponse = text(.firstResponseAt) {
            firstResponseAt = check(date(.firstResponseAt, firstResponse))
        } else if let minutes = values.firstResponseMinutes?.trimmed, !minutes.isEmpty {
            if let value = Double(minutes), value.isFinite, value >= 0, value < 1e9 {
                firstResponseAt = createdAt?.addingTimeInterval((value * 60).rounded())
            } else {
                problems.append(.unparseableDate(field: .firstResponseAt, value: minutes + " minutes"))
            }
        }
        let satisfaction = text(.satisfaction).flatMap { check(Self.satisfaction($0, mapping.values[.satisfaction])) ?? nil }
        let sources = values.labelSource.flatMap { check(Self.labelSources($0)) ?? nil }
        guard problems.isEmpty, let id, let createdAt else {
            return .failure(problems.count == 1 ? problems[0] : .several(problems))
        }
        var ticket = Ticket(
            id: id, title: title, description: description, category: category, priority: priority,
            status: status ?? .open, createdAt: createdAt, resolvedAt: resolvedAt)
        ticket.attributes = values.attributes
        ticket.assignee = text(.assignee)
        ticket.group = text(.group)
        if let channel = text(.channel) {
            let key = ColumnMapping.normalize(channel)
            ticket.channel = mapping.values[.channel].flatMap { $0[key] } ?? key
        }
        if let tags = text(.tags) { ticket.tags = TagsField.parse(tags) }
        ticket.firstResponseAt = firstResponseAt
        ticket.satisfaction = satisfaction
        var row = NormalizedRow(ticket: ticket)
        row.equivalentAttributes = values.equivalentAttributes
        if let sources {
            row.categorySource = category == nil ? nil : sources.category
            row.prioritySource = priority == nil ? nil : sources.priority
        }
        return .success(row)
    }

    /// `good` or `bad`, or a score from 1 to 5, after the mapping's translation (nil there leaves it empty).
    static func satisfaction(_ value: String, _ table: [String: String?]?) -> Result<String?, RowRejection.Reason> {
        let key = ColumnMapping.normalize(value)
        if let table, let mapped = table[key] { return .success(mapped) }
        if key == "good" || key == "bad" { return .success(key) }
        if let score = Double(key), score == score.rounded(), (1...5).contains(score) { return .success(String(Int(score))) }
        return .failure(.unknownLabel(field: .satisfaction, value: value, allowed: ["good", "bad", "1", "2", "3", "4", "5"]))
    }

    /// Where the labels came from, as `Exporter` writes it (`TicketRecord.labelSource`): one source for both, or the
    /// category's and the priority's joined by `+`; nil when empty.
    static func labelSources(_ value: String) -> Result<(category: LabelSource, priority: LabelSource)?, RowRejection.Reason> {
        let text = value.trimmed
        guard !text.isEmpty else { return .success(nil) }
        let parts = text.split(separator: "+", omittingEmptySubsequences: false).map { LabelSource(rawValue: String($0)) }
        switch parts.count {
        case 1: if let source = parts[0] { return .success((source, source)) }
        case 2: if let category = parts[0], let priority = parts[1] { return .success((category, priority)) }
        default: break
        }
        return .failure(.unknownLabelSource(value: value))
    }

    /// Our label for a source value: the mapping's translation, else the value itself if it is ours.
    private func label<Label: RawRepresentable>(
        _ field: TicketField, _ value: String?, _ cache: inout [String: Result<Label?, RowRejection.Reason>]
    ) -> Result<Label?, RowRejection.Reason> where Label.RawValue == String {
        guard let value else { return .success(nil) }
        if let cached = cache[value] { return cached }
        let result = resolveLabel(field, value).map { $0.flatMap(Label.init(rawValue:)) }
        if cache.count < 1024 { cache[value] = result }
        return result
    }

    private func resolveLabel(_ field: TicketField, _ value: String) -> Result<String?, RowRejection.Reason> {
        let key = ColumnMapping.normalize(value)
        if let table = mapping.values[field], let mapped = table[key] {
            guard let mapped, !allows(mapped, for: field) else { return .success(mapped) }
            return .failure(.unknownLabel(field: field, value: value, allowed: allowed(field), mappedTo: mapped))
        }
        if let label = LabelSpelling.resolve(value, allows: { allows($0, for: field) }) { return .success(label) }
        return .failure(.unknownLabel(field: field, value: value, allowed: allowed(field)))
    }

    /// The labels a field takes, for a reject's reason.
    private func allowed(_ field: TicketField) -> [String] {
        switch field {
        case .category: taxonomy.categoryNames
        case .priority: taxonomy.priorityNames
        case .status: Status.allCases.map(\.rawValue)
        default: []
        }
    }

    /// Whether `label` is one of ours: for category and priority, a label of the taxonomy.
    private func allows(_ label: String, for field: TicketField) -> Bool {
        switch field {
        case .category: categoryNames.contains(label)
        case .priority: priorityNames.contains(label)
        default: ColumnMapping.isValid(label, for: field)
        }
    }
}
