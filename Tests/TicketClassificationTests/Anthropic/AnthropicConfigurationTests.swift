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
