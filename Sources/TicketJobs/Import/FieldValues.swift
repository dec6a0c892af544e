/// The raw text of a row's fields, keyed by our field names, after column mapping and before validation.
public struct FieldValues: Sendable, Equatable {
    private var storage = [String?](repeating: nil, count: TicketField.allCases.count)

    public init() {}

    public init(_ values: [TicketField: String]) {
        for (field, value) in values { self[field] = value }
    }

    public subscript(field: TicketField) -> String? {
        get { storage[field.index] }
        set { storage[field.index] = newValue }
    }
}

extension TicketField {
    /// The field's position in `allCases`, for array-backed storage.
    var index: Int {
        switch self {
        case .id: 0
        case .title: 1
        case .description: 2
        case .category: 3
        case .priority: 4
        case .status: 5
        case .createdAt: 6
        case .resolvedAt: 7
        }
    }
}
