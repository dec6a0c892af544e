import Foundation
import TicketModel
import TicketDatabase
import TicketImport

/// How the Anthropic provider talks to the Messages API. Defaults are documented per property.
public struct AnthropicConfiguration: Sendable {
    /// The API key; never logged or stored.
    public var apiKey: String
    /// Default `https://api.anthropic.com`; `ANTHROPIC_BASE_URL` overrides it, as in Anthropic's SDKs.
    public var baseURL: URL = URL(string: "https://api.anthropic.com")!
    /// What to check in the base URL when the API says an endpoint is not there: the SDKs' base URL has no
    /// version (`/v1/messages` is added to it), and one copied with `/v1` at its end doubles it.
    public var baseURLAdvice: String {
        baseURL.path.split(separator: "/").last == "v1"
            ? "ANTHROPIC_BASE_URL, whose path ends in /v1: requests go to it plus /v1/messages, as in Anthropic's SDKs, so leave /v1 out"
            : "ANTHROPIC_BASE_URL"
    }
    /// Default `claude-haiku-4-5`.
    public var model = "claude-haiku-4-5"
    /// The API version, pinned explicitly.
    public var anthropicVersion = "2023-06-01"
    /// Default 256: the tool call needs few tokens.
    public var maxTokens = 256
    /// Which answers are retried, how long to wait, which stop the run (defaults: 6 attempts, backoff from 0.5 s
    /// doubling up to 30 s); the same for Messages and Message Batches.
    public var responses = ResponsePolicy()
    /// Attempts per request for retryable failures (`responses.maxAttempts`).
    public var maxAttempts: Int {
        get { responses.maxAttempts }
        set { responses.maxAttempts = newValue }
    }
    /// Mask e-mail addresses, phone and card numbers before sending. Default false.
    public var redact = false
    /// The definitions given for each label. Default: `Taxonomy.standard`.
    public var taxonomy = Taxonomy.standard

    public init(apiKey: String) {
        self.apiKey = apiKey
    }

    /// Reads the key from `ANTHROPIC_API_KEY`, else `LLM_API_KEY` (the support app's name), and the base URL
    /// from `ANTHROPIC_BASE_URL`. Nil when there is no key. A base URL that is not an http(s) URL with a host
    /// is refused here: every request to it would fail and be retried, ticket after ticket.
    ///
    /// The white space around a key is dropped (a key file's line break, kept by `VAR=$(<file)` in some shells
    /// and by env files); a key still holding white space, a control character or quotes (a Docker env file
    /// keeps them) is refused, naming the variable and never the key: sent, it was a malformed header.
    public static func fromEnvironment(_ environment: [String: String]) throws -> AnthropicConfiguration? {
        guard
            let (name, key) = ["ANTHROPIC_API_KEY", "LLM_API_KEY"].lazy.compactMap({ name in
                environment[name].map { (name, $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }).first(where: { !$0.1.isEmpty })
        else { return nil }
        let quotes: Set<Unicode.Scalar> = ["\"", "'"]
        if let bad = key.unicodeScalars.first(where: { $0.value < 0x21 || $0.value > 0x7E || quotes.contains($0) }) {
            throw ClassificationError.invalidConfiguration(
                "\(name) holds "
                    + (quotes.contains(bad)
                        ? "quotes (which are no part of a key: remove them)" : "white space or a character no key has"))
        }
        var configuration = AnthropicConfiguration(apiKey: key)
        let base = environment["ANTHROPIC_BASE_URL"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let base, !base.isEmpty {
            guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let host = url.host, !host.isEmpty
            else {
                throw ClassificationError.invalidConfiguration(
                    "ANTHROPIC_BASE_URL '\(shown(base).prefix(200))' is not an http:// or https:// URL with a host (as https://api.anthropic.com)")
            }
            configuration.baseURL = url
        }
        return configuration
    }

    /// `url` as messages and logs show it: a gateway's user and password in it (`https://user:secret@host/`) are
    /// secrets like the key, shown as `***`. Text that is no URL is cut the same way at its last `@` before a `/`.
    static func shown(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return url[..<scheme.upperBound] + "***" + url[at...]
    }
}

/// Printed, dumped or interpolated (a log line, a test's failure), the configuration shows no key: only whether
/// there is one.
extension AnthropicConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "AnthropicConfiguration(apiKey: \(apiKey.isEmpty ? "none" : "set"), baseURL: \(Self.shown(baseURL.absoluteString)), model: \(model))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "apiKey": apiKey.isEmpty ? "none" : "set", "baseURL": Self.shown(baseURL.absoluteString), "model": model,
                "anthropicVersion": anthropicVersion, "maxTokens": maxTokens, "redact": redact,
            ], displayStyle: .struct)
    }
}
