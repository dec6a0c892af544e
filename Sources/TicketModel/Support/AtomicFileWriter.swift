import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that readers see either the old file or the complete new one, never a part:
/// the bytes go to a temporary file beside the target, which is renamed over it when complete.
public final class AtomicFileWriter {
    public let path: String
    private let temporaryPath: String
    private let handle: UnsafeMutablePointer<FILE>
    private var done = false

    public init(path: String) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        temporaryPath = path + ".tmp-\(getpid())"
        guard let handle = fopen(temporaryPath, "wb") else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
    }

    deinit {
        if !done {
            fclose(handle)
            unlink(temporaryPath)
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        guard fwrite(bytes, 1, bytes.count, handle) == bytes.count else {
            throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: path])
        }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Flushes, syncs and renames the file into place.
    public func commit() throws {
        done = true
        let flushed = fflush(handle) == 0 && fsync(fileno(handle)) == 0
        fclose(handle)
        guard flushed, rename(temporaryPath, path) == 0 else {
            unlink(temporaryPath)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// Drops the temporary file and leaves any existing file untouched.
    public func discard() {
        guard !done else { return }
        done = true
        fclose(handle)
        unlink(temporaryPath)
    }

    /// Writes `data` to `path` atomically in one call.
    public static func write(_ data: Data, to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write([UInt8](data))
        try writer.commit()
    }
}
