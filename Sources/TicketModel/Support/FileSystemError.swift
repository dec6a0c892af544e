import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file-system operation that failed, naming the path and the reason in words ("Not a directory"), where
/// Foundation's errors print as `NSCocoaErrorDomain Code=512 "(null)"`.
public struct FileSystemError: Error, Equatable, CustomStringConvertible {
    public var path: String
    /// What was being done: "create the folder", "write", "replace".
    public var operation: String
    public var reason: String

    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    /// The reason `errno` holds now.
    public static func errno(path: String, operation: String) -> FileSystemError {
        FileSystemError(path: path, operation: operation, reason: String(cString: strerror(Glibc.errno)))
    }

    /// Creates `directory` and its missing parents, saying which part is in the way when it cannot.
    public static func createDirectory(_ directory: String) throws {
        if directory.isEmpty { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw FileSystemError(path: directory, operation: "use the folder", reason: "it is a file, not a folder")
            }
            return
        }
        try createDirectory(FilePaths.parent(directory))
        guard mkdir(directory, 0o755) == 0 || Glibc.errno == EEXIST else {
            throw FileSystemError.errno(path: directory, operation: "create the folder")
        }
    }

    public var description: String { "cannot \(operation) \(path): \(reason)" }
}
