import Foundation
import TicketJobsTestSupport

// A fake Messages API on 127.0.0.1 for the classify benchmark: enforces a request limit per window and
// answers after a fixed latency. Prints its base URL, then serves until killed.
// Its Message Batches endpoints end a batch on its second retrieve; --errored-every N errors every N-th request.
// Usage: fake-anthropic [--rpm N] [--window SECONDS] [--latency-ms N] [--key KEY] [--errored-every N]
var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let name = arguments.next() {
    guard name.hasPrefix("--"), let value = arguments.next() else {
        FileHandle.standardError.write(Data("usage: fake-anthropic [--rpm N] [--window S] [--latency-ms N] [--key K]\n".utf8))
        exit(64)
    }
    options[String(name.dropFirst(2))] = value
}
let server = try await FakeAnthropicServer(
    requestsPerMinute: Int(options["rpm"] ?? "600") ?? 600, window: Double(options["window"] ?? "60") ?? 60,
    expectedKey: options["key"] ?? "bench", latency: .milliseconds(Int(options["latency-ms"] ?? "200") ?? 200))
server.batches.behaviour.erroredEvery = options["errored-every"].flatMap { Int($0) }
FileHandle.standardOutput.write(Data((await server.baseURL + "\n").utf8))
while true { try await Task.sleep(for: .seconds(3600)) }
