import Foundation
import Testing

@testable import TicketClassification

/// The key and endpoint from the environment, as Anthropic's SDKs read them.
@Suite struct AnthropicConfigurationTests {
    @Test func theKeyComesFromEitherNameAndTheBaseURLIsOptional() throws {
        #expect(try AnthropicConfiguration.fromEnvironment([:]) == nil)
        #expect(try AnthropicConfiguration.fromEnvironment(["LLM_API_KEY": "k"])?.baseURL.absoluteString == "https://api.anthropic.com")
        let proxied = try AnthropicConfiguration.fromEnvironment(
            ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "https://proxy.example.com/anthropic"])
        #expect(proxied?.baseURL.absoluteString == "https://proxy.example.com/anthropic")
        #expect(try AnthropicConfiguration.fromEnvironment(
            ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:8080"])?.baseURL.port == 8080)
        #expect(try AnthropicConfiguration.fromEnvironment(
            ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:8080\n"])?.baseURL.port == 8080)
    }

    /// A key file's line break is dropped; a key with quotes or white space inside is refused by its variable's
    /// name, the key itself never shown. Before, it was sent as it was: a malformed header, or a 401.
    @Test func aKeyIsTrimmedAndAMangledOneRefusedWithoutShowingIt() throws {
        #expect(try AnthropicConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": "sk-ant-abc\n"])?.apiKey == "sk-ant-abc")
        #expect(try AnthropicConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": " \n", "LLM_API_KEY": "sk-ant-llm"])?.apiKey == "sk-ant-llm")
        #expect(try AnthropicConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": "  "]) == nil)
        for (key, says) in [("\"sk-ant-abc\"", "quotes"), ("sk-ant-abc\nsk-ant-def", "white space"), ("sk-ant abc", "white space")] {
            #expect {
                try AnthropicConfiguration.fromEnvironment(["LLM_API_KEY": key])
            } throws: { error in
                "\(error)".contains("LLM_API_KEY holds \(says)") && !"\(error)".contains("abc")
            }
        }
    }

    /// A configuration printed or dumped (a debug log line, a failing test's output) showed the key.
    @Test func aConfigurationShownHidesItsKey() throws {
        let configuration = try #require(try AnthropicConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": "sk-ant-secret"]))
        var dumped = ""
        dump(configuration, to: &dumped)
        for shown in ["\(configuration)", String(reflecting: configuration), dumped, "\([configuration])"] {
            #expect(!shown.contains("sk-ant-secret") && shown.contains("apiKey"), "\(shown)")
        }
    }

    /// A gateway's credentials in the base URL are secrets like the key: shown neither when the URL is refused nor
    /// when the configuration is printed or dumped.
    @Test(arguments: ["ftp://admin:hunter2@gateway.example.com/", "https://admin:hunter2@/v1", "http://user:hunter2@"])
    func aBaseURLsCredentialsAreNeverShown(base: String) throws {
        let error = try #require(throws: ClassificationError.self) {
            try AnthropicConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": base])
        }
        #expect(!"\(error)".contains("hunter2") && "\(error)".contains("://***@"), "\(error)")
        let configuration = try #require(try AnthropicConfiguration.fromEnvironment(
            ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "https://admin:hunter2@gateway.example.com/anthropic"]))
        var dumped = ""
        dump(configuration, to: &dumped)
        for shown in ["\(configuration)", String(reflecting: configuration), dumped] {
            #expect(!shown.contains("hunter2") && shown.contains("https://***@gateway.example.com/anthropic"), "\(shown)")
        }
        #expect(AnthropicConfiguration.shown("https://gateway.example.com/a@b") == "https://gateway.example.com/a@b")
    }

    /// Every request to such a URL would fail and be retried, ticket after ticket: refused at once, by name.
    @Test(arguments: ["not-a-url", "api.anthropic.com", "ftp://api.anthropic.com", "http://", "https:///v1"])
    func aBaseURLThatIsNotHTTPIsRefused(base: String) throws {
        #expect(throws: ClassificationError.self) {
            try AnthropicConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": base])
        }
        do {
            _ = try AnthropicConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": base])
        } catch {
            #expect("\(error)".contains("ANTHROPIC_BASE_URL '\(base)'"))
        }
        // Without a key the local classifier runs, and the URL is not read.
        #expect(try AnthropicConfiguration.fromEnvironment(["ANTHROPIC_BASE_URL": base]) == nil)
    }
}
