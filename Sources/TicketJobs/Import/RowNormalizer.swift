import Foundation

/// Validates a mapped row and turns it into a ticket, or says why it cannot be one.
public final class RowNormalizer {
    public let mapping: ColumnMapping
    public let dates: TimestampParser
    /// Labels come from a small vocabulary: each distinct source value is resolved once.
    private var labelCache: [TicketField: [String: Result<String?, RowRejection.Reason>]] = [:]

    public init(mapping: ColumnMapping, dates: TimestampParser) {
        self.mapping = mapping
        self.dates = dates
    }

    public func normalize(_ values: FieldValues) -> Result<NormalizedRow, RowRejection.Reason> {
        func text(_ field: TicketField) -> String? {
            let raw = values[field]?.trimmed
            if let raw, !raw.isEmpty { return raw }
            return mapping.defaults[field]
        }
        guard let id = text(.id) else { return .failure(.missingID) }
        let title = text(.title) ?? ""
        let description = text(.description) ?? ""
        guard !title.isEmpty || !description.isEmpty else { return .failure(.missingText) }
        guard let createdText = text(.createdAt) else { return .failure(.missingCreatedAt) }
        guard let createdAt = dates.parse(createdText) else {
            return .failure(.unparseableDate(field: .createdAt, value: createdText))
        }
        var resolvedAt: Date?
        if let resolvedText = text(.resolvedAt) {
            guard let date = dates.parse(resolvedText) else {
                return .failure(.unparseableDate(field: .resolvedAt, value: resolvedText))
            }
            resolvedAt = date
        }
        let category: Category?
        let priority: Priority?
        let status: Status
        switch label(.category, text(.category)) {
        case .failure(let reason): return .failure(reason)
        case .success(let value): category = value.flatMap(Category.init(rawValue:))
        }
        switch label(.priority, text(.priority)) {
        case .failure(let reason): return .failure(reason)
        case .success(let value): priority = value.flatMap(Priority.init(rawValue:))
        }
        switch label(.status, text(.status)) {
        case .failure(let reason): return .failure(reason)
        case .success(let value): status = value.flatMap(Status.init(rawValue:)) ?? .open
        }
        let ticket = Ticket(
            id: id, title: title, description: description, category: category, priority: priority,
            status: status, createdAt: createdAt, resolvedAt: resolvedAt)
        return .success(NormalizedRow(ticket: ticket))
    }

    /// Our label for a source value: the mapping's translation, else the value itself if it is ours.
    private func label(_ field: TicketField, _ value: String?) -> Result<String?, RowRejection.Reason> {
        guard let value else { return .success(nil) }
        if let cached = labelCache[field]?[value] { return cached }
        let result = resolveLabel(field, value)
        if labelCache[field, default: [:]].count < 1024 { labelCache[field, default: [:]][value] = result }
        return result
    }

    private func resolveLabel(_ field: TicketField, _ value: String) -> Result<String?, RowRejection.Reason> {
        let key = ColumnMapping.normalize(value)
        if let table = mapping.values[field], let mapped = table[key] { return .success(mapped) }
        let canonical = key.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        if ColumnMapping.isValid(canonical, for: field) { return .success(canonical) }
        return .failure(.unknownLabel(field: field, value: value))
    }

    /// A stable 64-bit FNV-1a hash of the imported values (Swift's `Hasher` is seeded per process).
    static func hash(_ ticket: Ticket) -> Int64 {
        var hash = FNV1a()
        func mix(_ string: String) { hash.combineField(string) }
        mix(ticket.id)
        mix(ticket.title)
        mix(ticket.description)
        mix(ticket.category?.rawValue ?? "\u{0}")
        mix(ticket.priority?.rawValue ?? "\u{0}")
        mix(ticket.status.rawValue)
        mix(String(Int64(ticket.createdAt.timeIntervalSince1970.rounded(.down))))
        mix(ticket.resolvedAt.map { String(Int64($0.timeIntervalSince1970.rounded(.down))) } ?? "\u{0}")
        return Int64(bitPattern: hash.value)
    }
}
