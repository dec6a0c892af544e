import TicketModel

/// Small numbers for the labels the rollup counter meets, in the order it meets them: a taxonomy's labels are
/// the database's own, so the counter learns them as rows go by. 0 stands for no label.
struct LabelCodes {
    /// Wide enough for the most labels a taxonomy has (`Taxonomy.categoryCount`, `.priorityCount`).
    static let categoryBits: Int64 = 8
    static let priorityBits: Int64 = 4

    private var categories: [String] = [""]
    private var priorities: [String] = [""]
    private var categoryCodes: [Category: Int64] = [:]
    private var priorityCodes: [Priority: Int64] = [:]

    mutating func code(of category: Category?) -> Int64 {
        guard let category else { return 0 }
        if let code = categoryCodes[category] { return code }
        let code = Int64(categories.count)
        precondition(code < 1 << Self.categoryBits, "more categories than the rollup counter's keys hold")
        categories.append(category.rawValue)
        categoryCodes[category] = code
        return code
    }

    mutating func code(of priority: Priority?) -> Int64 {
        guard let priority else { return 0 }
        if let code = priorityCodes[priority] { return code }
        let code = Int64(priorities.count)
        precondition(code < 1 << Self.priorityBits, "more priorities than the rollup counter's keys hold")
        priorities.append(priority.rawValue)
        priorityCodes[priority] = code
        return code
    }

    /// The category a code stands for ("" for none).
    func category(_ code: Int64) -> String { categories[Int(code)] }
    func priority(_ code: Int64) -> String { priorities[Int(code)] }
}
