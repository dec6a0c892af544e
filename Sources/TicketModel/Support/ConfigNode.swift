import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Yams

/// A node of a YAML (or JSON) configuration file that remembers where it came from, so every error can
/// name the file, the line and the key.
public struct ConfigNode {
    public let node: Node
    public let file: String
    /// The dotted path of keys that leads here, e.g. `steps[1].import.paths`.
    public let path: String

    /// Parses `text`; `file` is the name used in errors.
    public static func parse(_ text: String, file: String) throws -> ConfigNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file, line: nil, key: nil, reason: "the file is empty")
            }
            return ConfigNode(node: node, file: file, path: "")
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            // JSON is read as the YAML it also is; a `.json` file's author thinks of it as JSON.
            let language = file.lowercased().hasSuffix(".json") ? "JSON" : "YAML"
            throw ConfigError(
                file: file, line: ConfigNode.line(of: error), key: nil, reason: "not valid \(language): \(ConfigNode.problem(of: error))")
        }
    }

    /// Job, mapping and taxonomy files are written by hand: anything larger is not one of them.
    public static let maximumBytes = 1 << 20

    /// Reads and parses the file at `path`. Errors name the file and say what is wrong in words, never quoting
    /// a file that turns out not to be ours (`/etc/shadow` given as a job file stays unread in any message).
    public static func load(path: String) throws -> ConfigNode {
        func fail(_ reason: String) -> ConfigError { ConfigError(file: path, line: nil, key: nil, reason: reason) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            throw fail(String(cString: strerror(code)) + (code == ENOENT ? FilePaths.hint(forMissing: path).map { "; \($0)" } ?? "" : ""))
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw fail("is a folder, not a file") }
        guard info.st_size <= maximumBytes else {
            throw fail("\(info.st_size) bytes: job, mapping and taxonomy files are at most \(maximumBytes) bytes")
        }
        let handle = open(path, O_RDONLY | O_CLOEXEC)
        guard handle >= 0 else { throw fail(String(cString: strerror(errno))) }
        let file = FileHandle(fileDescriptor: handle, closeOnDealloc: true)
        // A special file (a FIFO, /dev/zero) has no size to check: read one byte past the limit at most.
        guard let data = try? file.read(upToCount: maximumBytes + 1) ?? Data() else { throw fail("cannot be read") }
        guard data.count <= maximumBytes else { throw fail("more than \(maximumBytes) bytes: job, mapping and taxonomy files are at most that") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("not UTF-8 text") }
        return try parse(text, file: path)
    }

    /// libyaml's problem and position, without the snippet of the file that Yams' description adds.
    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return (context.map { $0.text + ": " } ?? "") + problem + " (column \(mark.column))"
        case .reader(let problem, _, _, _): return problem
        case .duplicatedKeysInMapping(let keys, let context):
            // Named when it looks like a key (as for an unknown key), at its first place: libyaml gives no other.
            let named = keys.first.flatMap { key in looksLikeAKey(key) ? " ('\(key)', first at line \(context.mark.line))" : nil }
            return "a key appears twice in one mapping" + (named ?? " at line \(context.mark.line)")
        case .dataCouldNotBeDecoded: return "not UTF-8 text"
        default: return "cannot be parsed"
        }
    }

    public var line: Int? { node.mark?.line }

    /// Short, ASCII letters, digits, `_` and `-`: a key someone wrote (or mistyped), safe to quote in a message.
    static func looksLikeAKey(_ name: String) -> Bool {
        name.count <= 40 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-".contains($0)) }
    }

    /// The allowed key a typo most likely meant: the only one within two edits (one for short names), any
    /// case. Nil when none is, or when two are equally near: a wrong guess misleads more than none.
    public static func closest(to name: String, in allowed: Set<String>) -> String? {
        let typed = name.lowercased()
        let limit = typed.count <= 4 ? 1 : 2
        var best: (key: String, distance: Int)?
        var tied = false
        for key in allowed {
            let distance = EditDistance.between(typed, key)
            guard distance <= limit else { continue }
            if let current = best, distance >= current.distance {
                if distance == current.distance { tied = true }
                continue
            }
            best = (key, distance)
            tied = false
        }
        return tied ? nil : best?.key
    }

    /// An error about this node.
    public func error(_ reason: String) -> ConfigError {
        ConfigError(file: file, line: line, key: path.isEmpty ? nil : path, reason: reason)
    }

    /// The node as a mapping whose keys must all be in `allowed`.
    public func mapping(allowed: Set<String>) throws -> [String: ConfigNode] {
        guard let mapping = node.mapping else { throw error("expected a mapping") }
        var result: [String: ConfigNode] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw error("keys must be strings") }
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            guard allowed.contains(name) else {
                // Named only when it looks like a key someone mistyped: a file that is not ours stays unquoted.
                let guess = Self.looksLikeAKey(name) ? Self.closest(to: name, in: allowed).map { ": did you mean '\($0)'?" } : nil
                throw ConfigError(
                    file: file, line: key.mark?.line, key: Self.looksLikeAKey(name) ? childPath : nil,
                    reason: "unknown key\(guess ?? "") (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result[name] = ConfigNode(node: value, file: file, path: childPath)
        }
        return result
    }

    /// The node as a mapping with any string keys, in file order.
    public func pairs() throws -> [(key: String, value: ConfigNode)] {
        guard let mapping = node.mapping else { throw error("expected a mapping") }
        return try mapping.map { key, value in
            guard let name = key.string else { throw error("keys must be strings") }
            return (name, ConfigNode(node: value, file: file, path: path.isEmpty ? name : "\(path).\(name)"))
        }
    }

    /// True for an explicit `null` or `~`.
    public var isNull: Bool { node.null != nil }

    public func string() throws -> String {
        guard case .scalar(let scalar) = node, node.null == nil else { throw error("expected a string") }
        return scalar.string
    }

    /// A file's or folder's path: a string, not empty (what a template makes of a variable it lacks).
    public func filePath() throws -> String {
        let text = try string()
        guard !text.isEmpty else { throw error("expected a path, got an empty string") }
        return text
    }

    /// The path of a folder reports are written into: not a report's file name (see `FilePaths.reportFolderProblem`).
    public func reportFolder() throws -> String {
        let path = try filePath()
        if let problem = FilePaths.reportFolderProblem(path) { throw error(problem) }
        return path
    }

    /// A single path or a list of them.
    public func filePaths() throws -> [String] { try oneOrMany { try $0.filePath() } }

    public func int() throws -> Int {
        guard let value = node.int else { throw error("expected a whole number") }
        return value
    }

    public func double() throws -> Double {
        guard let value = node.float ?? node.int.map(Double.init) else { throw error("expected a number") }
        return value
    }

    public func bool() throws -> Bool {
        guard let value = node.bool else { throw error("expected true or false") }
        return value
    }

    /// A time zone's identifier (`Europe/Berlin`), checked: a typo is named where it is written, not when a
    /// job first runs.
    @discardableResult
    public func timeZone() throws -> TimeZone {
        let name = try string()
        guard let zone = TimeZone(identifier: name) else { throw error("unknown time zone '\(name)': \(TimeZone.hint(forUnknown: name))") }
        return zone
    }

    /// A time zone's identifier as written, checked as `timeZone()` checks it: a step keeps the name (its runs may
    /// be years apart) and makes the zone when it runs.
    public func timeZoneName() throws -> String {
        try timeZone()
        return try string()
    }

    /// A single string or a list of strings.
    public func strings() throws -> [String] { try oneOrMany { try $0.string() } }

    /// A single value or a list of them, each read by `read` (an item named by its index in errors).
    private func oneOrMany<T>(_ read: (ConfigNode) throws -> T) throws -> [T] {
        guard let sequence = node.sequence else { return [try read(self)] }
        return try sequence.enumerated().map { index, child in try read(ConfigNode(node: child, file: file, path: "\(path)[\(index)]")) }
    }

    /// The node as a list.
    public func list() throws -> [ConfigNode] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { index, child in
            ConfigNode(node: child, file: file, path: "\(path)[\(index)]")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): mark.line
        default: nil
        }
    }
}
