import Foundation
import Testing

@testable import TicketClassification

/// The proxy is read from the environment as libcurl read it, so moving off URLSession moved no one's traffic.
@Suite struct HTTPProxyTests {
    let api = URL(string: "https://api.anthropic.com/v1/messages")!

    @Test func noVariablesMeanADirectConnection() throws {
        #expect(try HTTPProxy.forURL(api, environment: [:]) == nil)
        #expect(try HTTPProxy.forURL(api, environment: ["https_proxy": "  "]) == nil)
    }

    @Test func httpsUsesHTTPSProxyEitherCaseThenAllProxy() throws {
        #expect(
            try HTTPProxy.forURL(api, environment: ["https_proxy": "http://proxy:3128"])
                == HTTPProxy(host: "proxy", port: 3128))
        #expect(
            try HTTPProxy.forURL(api, environment: ["HTTPS_PROXY": "proxy.corp:8080"])
                == HTTPProxy(host: "proxy.corp", port: 8080))
        #expect(
            try HTTPProxy.forURL(api, environment: ["ALL_PROXY": "http://all:1"]) == HTTPProxy(host: "all", port: 1))
        // The scheme's own variable wins over all_proxy; http_proxy is not for https.
        #expect(
            try HTTPProxy.forURL(api, environment: ["all_proxy": "http://all:1", "https_proxy": "http://tls:2"])
                == HTTPProxy(host: "tls", port: 2))
        #expect(try HTTPProxy.forURL(api, environment: ["http_proxy": "http://plain:3"]) == nil)
    }

    /// curl ignores HTTP_PROXY: a CGI request's `Proxy:` header arrives as that variable.
    @Test func httpUsesOnlyLowercaseHTTPProxy() throws {
        let url = URL(string: "http://hc-ping.example/abc")!
        #expect(try HTTPProxy.forURL(url, environment: ["HTTP_PROXY": "http://evil:1"]) == nil)
        #expect(
            try HTTPProxy.forURL(url, environment: ["http_proxy": "http://plain:3"])
                == HTTPProxy(host: "plain", port: 3))
    }

    @Test func credentialsAndDefaultPortAndSocks() throws {
        #expect(
            try HTTPProxy.forURL(api, environment: ["https_proxy": "http://me:p%40ss@proxy"])
                == HTTPProxy(host: "proxy", port: 1080, username: "me", password: "p@ss"))
        #expect(
            try HTTPProxy.forURL(api, environment: ["https_proxy": "socks5h://sock:9050"])
                == HTTPProxy(kind: .socks, host: "sock", port: 9050))
    }

    @Test func unusableSettingsNameTheVariableNotTheValue() {
        #expect(
            throws: HTTPTransportError(
                "https_proxy: proxies of scheme https are not supported (use http:// or socks5://)")
        ) {
            try HTTPProxy.forURL(api, environment: ["https_proxy": "https://user:secret@proxy:443"])
        }
        #expect(throws: HTTPTransportError.self) { try HTTPProxy.forURL(api, environment: ["https_proxy": "http://"]) }
    }

    @Test(arguments: ["*", "anthropic.com", ".anthropic.com", "*.anthropic.com", "example.org, api.anthropic.com"])
    func noProxyListsReachDirectly(noProxy: String) throws {
        #expect(try HTTPProxy.forURL(api, environment: ["https_proxy": "http://p:1", "no_proxy": noProxy]) == nil)
        #expect(try HTTPProxy.forURL(api, environment: ["https_proxy": "http://p:1", "NO_PROXY": noProxy]) == nil)
    }

    @Test(arguments: ["thropic.com", "example.org", "api.anthropic.co"])
    func noProxyMatchesWholeLabelsOnly(noProxy: String) throws {
        #expect(try HTTPProxy.forURL(api, environment: ["https_proxy": "http://p:1", "no_proxy": noProxy]) != nil)
    }

    /// The fakes of the end-to-end tests and a local gateway are never sent through a proxy.
    @Test(arguments: ["http://127.0.0.1:8080/v1", "http://localhost:1/", "http://[::1]:9/"])
    func loopbackIsAlwaysDirect(url: String) throws {
        let environment = ["http_proxy": "http://p:1", "https_proxy": "http://p:1", "all_proxy": "http://p:1"]
        #expect(try HTTPProxy.forURL(URL(string: url)!, environment: environment) == nil)
    }
}
