import Foundation

#if canImport(Glibc)
import Glibc
import TicketModel
import TicketDatabase
#endif

/// A readable stream of bytes: a file or standard input.
public final class ByteSource {
    /// The name used in diagnostics: the path, or "<stdin>".
    public let name: String
    /// The total size when known (regular files), for progress.
    public let totalBytes: Int?
    private let fd: Int32
    private let ownsDescriptor: Bool

    /// Opens `path` for reading; "-" means standard input.
    public init(path: String) throws {
        if path == "-" {
            name = "<stdin>"
            fd = 0
            ownsDescriptor = false
            totalBytes = nil
            return
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ImportError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw ImportError.unreadable(file: path, reason: "is a directory")
        }
        name = path
        fd = descriptor
        ownsDescriptor = true
        totalBytes = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
    }

    /// Throws what opening `path` would, without reading it (a FIFO is not waited on).
    public static func checkReadable(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ImportError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw ImportError.unreadable(file: path, reason: "is a directory")
        }
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Reads up to `buffer.count` bytes; 0 means the end of the input.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ImportError.unreadable(file: name, reason: String(cString: strerror(errno)))
        }
    }
}
