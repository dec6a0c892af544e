extension String {
    /// The first `limit` characters followed by `mark` when the string is longer, else the string itself. Only
    /// the kept part is walked, so a text of megabytes (a cell may hold 10 MB) costs what a short one does.
    package func shortened(to limit: Int, mark: String = "…") -> String {
        guard let end = index(startIndex, offsetBy: limit, limitedBy: endIndex), end < endIndex else { return self }
        return String(self[..<end]) + mark
    }
}
