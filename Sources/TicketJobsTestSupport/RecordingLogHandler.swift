import Logging
import Synchronization
import TicketModel
import TicketDatabase
import TicketImport
import TicketClassification
import TicketJobs

/// Collects log messages so tests can check what was logged (and that secrets were not).
public final class LogRecorder: Sendable {
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
    }

    private let storage = Mutex<[Entry]>([])

    public init() {}

    public var entries: [Entry] { storage.withLock { $0 } }

    public func logger(_ label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in RecordingLogHandler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ entry: Entry) { storage.withLock { $0.append(entry) } }
}

/// The `LogHandler` behind `LogRecorder`.
struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        recorder.append(
            LogRecorder.Entry(
                level: event.level, message: event.message.description,
                metadata: merged.mapValues { "\($0)" }))
    }
}
