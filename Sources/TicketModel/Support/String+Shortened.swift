extension String {
    /// The first `limit` characters followed by `mark` when the string is longer, else the string itself. Only
    /// the kept part is walked, so a text of megabytes (a cell may hold 10 MB) costs what a short one does.
    package func shortened(to limit: Int, mark: String = "…") -> String {
        // No more bytes than the limit, so no more characters: decided without walking the text (as every
        // ticket is, when the local classifier trains on hundreds of thousands).
        if utf8.count <= limit { return self }
        guard let end = index(startIndex, offsetBy: limit, limitedBy: endIndex), end < endIndex else { return self }
        return String(self[..<end]) + mark
    }
}
