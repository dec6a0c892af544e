import Foundation
import Testing
import TicketJobsTestSupport

/// Runs every `console` example of README.md, in order, in a temporary copy of `fixtures/` and `jobs/`, and
/// compares what each command prints on stdout with the README: an example that drifts from the program fails.
/// Commands run through bash with the built binaries first on the PATH; `CMD > FILE &` starts a background
/// process (stopped at the end) and waits for FILE to be written; `export` and `unset` change the environment
/// of the rest.
@Suite(.serialized) struct ReadmeTests {
    let workspace: TemporaryDirectory

    init() throws {
        workspace = try TemporaryDirectory()
        for folder in ["fixtures", "jobs"] {
            try FileManager.default.copyItem(
                at: Fixtures.root.appendingPathComponent(folder), to: workspace.url.appendingPathComponent(folder))
        }
    }

    @Test func everyConsoleExampleMatchesTheProgram() throws {
        let readme = try String(contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
        let examples = ReadmeExample.parse(readme)
        #expect(examples.count >= 7)
        var environment = CommandRunner(workingDirectory: workspace.url).environment
        environment["PATH"] = Fixtures.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        var background: [Process] = []
        defer {
            for process in background {
                process.terminate()
                process.waitUntilExit()
            }
        }
        var lastStatus: Int32 = 0
        for example in examples {
            for command in example.commands {
                let output: String
                if command.text == "echo $?" {
                    output = "\(lastStatus)\n"
                } else if command.text.hasPrefix("unset ") {
                    for name in command.text.split(separator: " ").dropFirst() { environment[String(name)] = nil }
                    output = ""
                } else if command.text.hasPrefix("export ") {
                    environment.merge(try exported(command.text, environment)) { _, new in new }
                    output = ""
                } else if command.text.hasSuffix("&") {
                    background.append(try startInBackground(command.text, environment))
                    output = ""
                } else {
                    let result = try bash(command.text, environment)
                    lastStatus = result.status
                    output = result.stdout
                    if result.status != 0 && result.status != 3 {
                        Issue.record("README.md:\(command.line): '\(command.text)' exited \(result.status): \(result.stderr)")
                    }
                }
                compare(output, command)
            }
        }
    }

    func compare(_ output: String, _ command: ReadmeExample.Command) {
        var actual = output.components(separatedBy: "\n")
        if actual.last == "" { actual.removeLast() }
        let expected = command.expected
        let same = actual.count == expected.count && zip(actual, expected).allSatisfy { ReadmeExample.matches($0, $1) }
        #expect(
            same,
            "README.md:\(command.line): '\(command.text)' printed\n\(actual.joined(separator: "\n"))\nwhere the README shows\n\(expected.joined(separator: "\n"))"
        )
    }

    func bash(_ command: String, _ environment: [String: String]) throws -> CommandRunner.Result {
        var runner = CommandRunner(workingDirectory: workspace.url)
        runner.environment = environment
        return try runner.run(["-c", command], executable: URL(fileURLWithPath: "/bin/bash"))
    }

    /// The variables `export A=B C=D` sets, as bash expands them.
    func exported(_ command: String, _ environment: [String: String]) throws -> [String: String] {
        let names = command.matches(of: /(\w+)=/).map { String($0.output.1) }
        let script = command + "; " + names.map { "printf '%s\\n' \"$\($0)\"" }.joined(separator: "; ")
        let values = try bash(script, environment).stdout.components(separatedBy: "\n")
        return Dictionary(uniqueKeysWithValues: zip(names, values))
    }

    /// Starts `CMD > FILE &` and waits (a minute at most) until FILE holds a line.
    func startInBackground(_ command: String, _ environment: [String: String]) throws -> Process {
        let body = String(command.dropLast()).trimmingCharacters(in: .whitespaces)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "exec " + body]
        process.currentDirectoryURL = workspace.url
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let file = body.firstMatch(of: />\s*(\S+)$/)?.output.1 {
            let path = workspace.path(String(file))
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, !((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").hasSuffix("\n") {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        return process
    }
}
