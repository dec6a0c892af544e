import TicketModel

/// Small numbers for the labels the rollup counter meets, in the order it meets them: a taxonomy's labels are
/// the database's own, so the counter learns them as rows go by. 0 stands for no label.
struct LabelCodes {
    /// Wide enough for the most labels a taxonomy has (`Taxonomy.categoryCount`, `.priorityCount`).
    static let categoryBits: Int64 = 8
    static let priorityBits: Int64 = 4

    /// One kind's names by code, and codes by name.
    private struct Table {
        var names = [""]
        var codes: [String: Int64] = [:]
        let bits: Int64

        mutating func code(_ name: String) -> Int64 {
            if let code = codes[name] { return code }
            let code = Int64(names.count)
            precondition(code < 1 << bits, "more labels than the rollup counter's keys hold")
            names.append(name)
            codes[name] = code
            return code
        }
    }

    private var categories = Table(bits: categoryBits)
    private var priorities = Table(bits: priorityBits)

    mutating func code(of category: Category?) -> Int64 { category.map { categories.code($0.rawValue) } ?? 0 }
    mutating func code(of priority: Priority?) -> Int64 { priority.map { priorities.code($0.rawValue) } ?? 0 }

    /// The category a code stands for ("" for none).
    func category(_ code: Int64) -> String { categories.names[Int(code)] }
    func priority(_ code: Int64) -> String { priorities.names[Int(code)] }
}
