import Foundation

/// The proxy a request goes through, read from the environment the way libcurl (and so URLSession, the
/// transport before this one) reads it: `https_proxy`/`HTTPS_PROXY` for https, `http_proxy` for http (curl
/// ignores `HTTP_PROXY`, which a CGI request can set), then `all_proxy`/`ALL_PROXY`; `no_proxy`/`NO_PROXY`
/// lists hosts and domains to reach directly (`*` for all). Loopback is always reached directly.
public struct HTTPProxy: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case http
        case socks
    }

    public var kind: Kind
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?

    public init(kind: Kind = .http, host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.kind = kind
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// The proxy for `url`, nil for a direct connection; throws for a proxy setting this transport cannot use,
    /// naming the variable (never its value, which may hold a password).
    public static func forURL(_ url: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> HTTPProxy?
    {
        guard let host = url.host?.lowercased(), !isLoopback(host) else { return nil }
        let names = url.scheme?.lowercased() == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy"]
        guard
            let (name, value) = (names + ["all_proxy", "ALL_PROXY"]).lazy
                .compactMap({ name in environment[name].map { (name, $0.trimmingCharacters(in: .whitespaces)) } })
                .first(where: { !$0.1.isEmpty })
        else { return nil }
        let noProxy = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        if bypasses(host: host, noProxy: noProxy) { return nil }
        return try parse(value, variable: name)
    }

    static func parse(_ value: String, variable: String) throws -> HTTPProxy {
        let text = value.contains("://") ? value : "http://" + value
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw HTTPTransportError("\(variable) is not a proxy address (expected http://host:port)")
        }
        let kind: Kind
        switch components.scheme?.lowercased() {
        case "http": kind = .http
        case "socks5", "socks5h": kind = .socks
        default:
            throw HTTPTransportError(
                "\(variable): proxies of scheme \(components.scheme ?? "") are not supported (use http:// or socks5://)"
            )
        }
        // curl's default proxy port.
        return HTTPProxy(
            kind: kind, host: host, port: components.port ?? 1080,
            username: components.percentEncodedUser?.removingPercentEncoding,
            password: components.percentEncodedPassword?.removingPercentEncoding)
    }

    static func bypasses(host: String, noProxy: String) -> Bool {
        for entry in noProxy.split(separator: ",") {
            var pattern = entry.trimmingCharacters(in: .whitespaces).lowercased()
            if pattern == "*" { return true }
            if pattern.hasPrefix("*.") { pattern.removeFirst() }
            if pattern.hasPrefix(".") { pattern.removeFirst() }
            if pattern.isEmpty { continue }
            if host == pattern || host.hasSuffix("." + pattern) { return true }
        }
        return false
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host.hasPrefix("127.") || host == "::1"
            || host == "[::1]"
    }
}
