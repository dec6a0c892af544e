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

    /// - Parameter mode: the new file's permissions (before the umask); 0600 for files that hold customers'
    ///   messages (rejects, exports).
    public init(path: String, mode: mode_t = 0o644) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FileSystemError(path: path, operation: "write", reason: "it is a folder; give a file name")
        }
        try FileSystemError.createDirectory(FilePaths.parent(path))
        temporaryPath = path + ".tmp-\(getpid())"
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0, let handle = fdopen(fd, "wb") else {
            throw FileSystemError.errno(path: path, operation: "write")
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
            throw FileSystemError.errno(path: path, operation: "write")
        }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Flushes, syncs and closes the temporary file; where that fails, removes it and throws.
    private func finishTemporaryFile() throws {
        done = true
        let flushed = fflush(handle) == 0 && fsync(fileno(handle)) == 0
        let flushError = FileSystemError.errno(path: path, operation: "write")
        fclose(handle)
        guard flushed else {
            unlink(temporaryPath)
            throw flushError
        }
    }

    /// Flushes, syncs and renames the file into place.
    public func commit() throws {
        try finishTemporaryFile()
        guard rename(temporaryPath, path) == 0 else {
            let error = FileSystemError.errno(path: path, operation: "replace")
            unlink(temporaryPath)
            throw error
        }
    }

    /// Drops the temporary file and leaves any existing file untouched.
    public func discard() {
        guard !done else { return }
        done = true
        fclose(handle)
        unlink(temporaryPath)
    }

    /// Flushes, syncs and puts the file in place only if no file has that name yet, claiming the name at once
    /// (a hard link fails where a file exists, where a rename would replace it). Returns false, writing nothing,
    /// when the name is taken, also by another process a moment before.
    public func commitIfAbsent() throws -> Bool {
        try finishTemporaryFile()
        defer { unlink(temporaryPath) }
        guard link(temporaryPath, path) == 0 else {
            let failure = Glibc.errno
            if failure == EEXIST { return false }
            // A file system without hard links (some network and FUSE mounts): check, then rename, as before
            // names were claimed; two processes in the same instant may then still meet.
            guard failure == EPERM || failure == ENOTSUP || failure == EOPNOTSUPP else {
                throw FileSystemError.errno(path: path, operation: "write")
            }
            if access(path, F_OK) == 0 { return false }
            guard rename(temporaryPath, path) == 0 else { throw FileSystemError.errno(path: path, operation: "write") }
            return true
        }
        return true
    }

    /// Writes `data` to `path` atomically in one call.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let writer = try AtomicFileWriter(path: path, mode: mode)
        try writer.write([UInt8](data))
        try writer.commit()
    }

    /// Writes `data` to `path` atomically unless a file has that name; returns whether it wrote.
    public static func writeIfAbsent(_ data: Data, to path: String, mode: mode_t = 0o644) throws -> Bool {
        let writer = try AtomicFileWriter(path: path, mode: mode)
        try writer.write([UInt8](data))
        return try writer.commitIfAbsent()
    }
}
