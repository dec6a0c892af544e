import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One holder at a time, across processes: an advisory `flock` on a lock file (a job's run, a database's
/// classification). The kernel releases it when its process dies, so a crashed holder's lock is simply taken
/// over; `flock` locks belong to an open file, so two holders within one process exclude each other too.
public final class ProcessLock {
    public let path: String
    private let fd: Int32
    private var released = false

    /// Who holds a lock: the pid and start time written into the lock file.
    public struct Holder: Sendable, Equatable {
        public var pid: Int32
        public var since: String
    }

    public enum Outcome {
        case acquired(ProcessLock)
        case held(by: Holder?)
    }

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { release() }

    /// Lets the next holder in; also what the end of this object does. Calling it again does nothing.
    public func release() {
        guard !released else { return }
        released = true
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Who holds the lock at `path`, without taking it or making the file: nil when nobody does (or no such file).
    public static func holder(path: String) -> Holder? {
        // Non-blocking: a FIFO put where the lock file goes would otherwise hold the look until someone wrote to it.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) != 0 else {
            flock(fd, LOCK_UN)
            return nil
        }
        return readHolder(fd)
    }

    /// The pid and start time a holder wrote into the lock file.
    private static func readHolder(_ fd: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(fd, &buffer, buffer.count, 0)
        let parts = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).split(separator: " ")
        return parts.count == 2
            ? Int32(parts[0]).map { Holder(pid: $0, since: String(parts[1]).trimmingCharacters(in: .newlines)) } : nil
    }

    public static func acquire(path: String, now: Date) throws -> Outcome {
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = readHolder(fd)
            close(fd)
            return .held(by: holder)
        }
        let text = "\(getpid()) \(ISO8601DateFormatter().string(from: now))\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return .acquired(ProcessLock(path: path, fd: fd))
    }
}
