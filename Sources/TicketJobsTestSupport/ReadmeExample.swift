import Foundation

/// A `console` block of README.md: the commands after `$ `, each with the output printed under it.
public struct ReadmeExample: Sendable {
    public struct Command: Sendable {
        public var text: String
        public var expected: [String]
        /// The README line the command is on, for messages.
        public var line: Int
    }

    public var commands: [Command]

    /// The `console` blocks of `markdown`, in order. A `  # comment` after a command is dropped.
    public static func parse(_ markdown: String) -> [ReadmeExample] {
        var examples: [ReadmeExample] = []
        var current: [Command]?
        for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
            if current == nil {
                if line.trimmingCharacters(in: .whitespaces) == "```console" { current = [] }
                continue
            }
            if line.hasPrefix("```") {
                examples.append(ReadmeExample(commands: current!))
                current = nil
            } else if line.hasPrefix("$ ") {
                var text = String(line.dropFirst(2))
                if let comment = text.range(of: #"\s{2,}# .*$"#, options: .regularExpression) { text.removeSubrange(comment) }
                current!.append(Command(text: text, expected: [], line: index + 1))
            } else if !current!.isEmpty {
                current![current!.count - 1].expected.append(line)
            }
        }
        return examples
    }

    /// What may differ between the README and a run: times, durations, ports, dates in file names, random keys.
    /// `…` in the README stands for any text.
    public static func normalize(_ text: String) -> String {
        var text = text
        let rules: [(String, String)] = [
            (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"#, "<TIME>"),
            (#""elapsed_s":[0-9.e-]+"#, "\"elapsed_s\":<S>"),
            (#"\b\d+(\.\d+)? s\b"#, "<S> s"),
            (#"127\.0\.0\.1:\d+"#, "127.0.0.1:<PORT>"),
            (#"(evaluation-[a-z]+-)\d{8}T\d{6}Z(-\d+)?"#, "$1<STAMP>"),
            (#"\btj[a-z0-9]{10}\b"#, "<KEY>"),
        ]
        for (pattern, replacement) in rules {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    /// Whether an output line matches the README's line (after both are normalised; `…` matches anything).
    public static func matches(_ actual: String, _ expected: String) -> Bool {
        let actual = normalize(actual), expected = normalize(expected)
        guard expected.contains("…") else { return actual == expected }
        let pattern = "^" + expected.components(separatedBy: "…").map(NSRegularExpression.escapedPattern(for:)).joined(separator: ".*") + "$"
        return actual.range(of: pattern, options: .regularExpression) != nil
    }
}
