import Foundation
import TicketJobsTestSupport

// A fake Messages API on 127.0.0.1 for tests and the classify benchmarks: admits --rpm requests (and, with
// --itpm, that many input tokens, by a bucket refilled continuously) per --window seconds, by a sliding window
// or, with --enforce bucket, by a bucket as the API does, sends anthropic-ratelimit-* headers unless --headers no,
// and answers after a fixed latency. Prints its base URL, then serves until killed; GET /fake/stats tells what
// it saw. Its Message Batches endpoints end a batch on its second retrieve (--polls-until-end N: after N);
// --errored-every N errors every N-th request. Usage: fake-anthropic [--rpm N] [--window SECONDS] [--itpm N]
// [--enforce window|bucket] [--headers yes|no] [--latency-ms N] [--key KEY] [--errored-every N] [--polls-until-end N]
var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let name = arguments.next() {
    guard name.hasPrefix("--"), let value = arguments.next() else {
        FileHandle.standardError.write(
            Data("usage: fake-anthropic [--rpm N] [--window S] [--itpm N] [--headers yes|no] [--latency-ms N] [--key K]\n".utf8))
        exit(64)
    }
    options[String(name.dropFirst(2))] = value
}
let server = try await FakeAnthropicServer(
    requestsPerMinute: Int(options["rpm"] ?? "600") ?? 600, window: Double(options["window"] ?? "60") ?? 60,
    expectedKey: options["key"] ?? "bench", latency: .milliseconds(Int(options["latency-ms"] ?? "200") ?? 200),
    inputTokensPerWindow: options["itpm"].flatMap { Int($0) }, sendsRateLimitHeaders: options["headers"] != "no",
    requestBucket: options["enforce"] == "bucket")
server.batches.behaviour.erroredEvery = options["errored-every"].flatMap { Int($0) }
if let polls = options["polls-until-end"].flatMap({ Int($0) }) { server.batches.behaviour.pollsUntilEnd = polls }
FileHandle.standardOutput.write(Data((server.baseURL + "\n").utf8))
while true { try await Task.sleep(for: .seconds(3600)) }
