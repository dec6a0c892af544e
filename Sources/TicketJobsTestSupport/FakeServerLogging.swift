import FlyingFox
import FlyingSocks
import Foundation

/// FlyingFox's log for the fake servers. Stopping a server cancels its task and closes its socket, which
/// FlyingFox reports as critical "server error: … CancellationError" or "… Disconnected" (and a handler still
/// waiting as a "handler error: … CancellationError"): the normal end of a fake, so those are dropped, and
/// every other warning or error still reaches stderr.
public struct FakeServerLogging: Logging {
    public init() {}

    public func logDebug(_ debug: @autoclosure () -> String) {}
    public func logInfo(_ info: @autoclosure () -> String) {}
    public func logWarning(_ warning: @autoclosure () -> String) { write("warning", warning()) }
    public func logError(_ error: @autoclosure () -> String) {
        let text = error()
        if !Self.isStopping(text) { write("error", text) }
    }

    public func logCritical(_ critical: @autoclosure () -> String) {
        let text = critical()
        if !Self.isStopping(text) { write("critical", text) }
    }

    private static func isStopping(_ text: String) -> Bool {
        text.contains("CancellationError") || text.hasSuffix("SocketError. Disconnected")
    }

    private func write(_ level: String, _ text: String) {
        FileHandle.standardError.write(Data("[fake server] \(level): \(text)\n".utf8))
    }
}
