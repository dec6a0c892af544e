import Foundation

#if canImport(Glibc)
import Glibc
import TicketModel
import TicketDatabase
#endif

/// A readable stream of bytes: a file or standard input, as UTF-8.
///
/// A file in another encoding (`encoding`, any name iconv knows) is converted as it is read. A byte-order
/// mark decides on its own: UTF-8's is dropped, UTF-16's (either order) selects UTF-16 whatever was declared.
public final class ByteSource {
    /// The name used in diagnostics: the path, or "<stdin>".
    public let name: String
    /// The total size when known (regular files), for progress.
    public let totalBytes: Int?
    /// The encoding read: the declared one, or the one a byte-order mark named ("utf-8" by default).
    public private(set) var encoding = "utf-8"
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// Bytes read ahead to look for a byte-order mark, handed out first.
    private var prefix: [UInt8] = []
    private var transcoder: Transcoder?
    /// Converted bytes not yet handed out, from `converted[convertedStart...]`.
    private var converted: [UInt8] = []
    private var convertedStart = 0
    private var raw: [UInt8] = []
    private var rawEnded = false

    /// Opens `path` for reading; "-" means standard input.
    public init(path: String, encoding declared: String? = nil) throws {
        if path == "-" {
            name = "<stdin>"
            fd = 0
            ownsDescriptor = false
            totalBytes = nil
        } else {
            let (descriptor, info) = try Self.open(path, flags: O_RDONLY | O_CLOEXEC)
            name = path
            fd = descriptor
            ownsDescriptor = true
            totalBytes = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        }
        try start(declared: declared)
    }

    /// Bytes held in memory in place of a file (`fd` is then -1), and how many were handed out.
    private var memory: [UInt8] = []
    private var memoryRead = 0

    /// `bytes` read as a file named `name` would be: an import's look at a file's last rows behind its header.
    init(name: String, bytes: [UInt8], encoding declared: String? = nil) throws {
        self.name = name
        fd = -1
        ownsDescriptor = false
        totalBytes = bytes.count
        memory = bytes
        try start(declared: declared)
    }

    /// True when a legacy encoding was declared but the file's start is UTF-8 with non-ASCII text in it: the
    /// declaration is probably wrong, and the text would be imported garbled ("GrÃ¼ÃŸe").
    public private(set) var looksLikeUTF8 = false

    /// Reads the file's first 64 KB for a byte-order mark (and a look at the text) and sets up the conversion.
    private func start(declared: String?) throws {
        var head = [UInt8](repeating: 0, count: 1 << 16)
        var count = 0
        while count < head.count {
            let got = try head.withUnsafeMutableBytes { try readRaw(into: UnsafeMutableRawBufferPointer(rebasing: $0[count...])) }
            if got == 0 { break }
            count += got
        }
        prefix = Array(head[0..<count])
        // Read as text, these would reach the header check as a screenful of binary.
        if let (kind, hint) = Self.notText(prefix, name: name) { throw ImportError.notText(file: name, kind: kind, hint: hint) }
        var chosen = ByteSource.canonical(declared ?? "utf-8")
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) {
            prefix.removeFirst(3)
            chosen = "utf-8"
        } else if prefix.starts(with: [0xFF, 0xFE]) {
            prefix.removeFirst(2)
            chosen = "utf-16le"
        } else if prefix.starts(with: [0xFE, 0xFF]) {
            prefix.removeFirst(2)
            chosen = "utf-16be"
        }
        // UTF-16 declared without a mark: the order in which a header's ASCII puts its zero bytes tells which
        // (iconv would assume big-endian; Windows tools write little-endian).
        if chosen == "utf-16", prefix.count >= 2 {
            if prefix[0] != 0, prefix[1] == 0 { chosen = "utf-16le" } else if prefix[0] == 0, prefix[1] != 0 { chosen = "utf-16be" }
        }
        encoding = chosen
        if chosen != "utf-8" { transcoder = try Transcoder(from: chosen) }
        if chosen != "utf-8", !chosen.hasPrefix("utf-"), prefix.contains(where: { $0 >= 0x80 }) {
            // A multi-byte sequence may be cut at the end of what was read: up to three bytes are left out.
            let whole = (0...min(3, prefix.count)).lazy.compactMap { cut in String(validating: self.prefix.dropLast(cut), as: UTF8.self) }.first
            looksLikeUTF8 = whole != nil
        }
    }

    /// What a file that starts with `head` is when it is no text at all (by its magic number), and what to do.
    static func notText(_ head: [UInt8], name: String) -> (kind: String, hint: String)? {
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        // A compressed export streams through its tool into standard input.
        func pipe(_ tool: String, _ suffixes: [String]) -> String {
            guard name != "<stdin>" else { return "decompress it before it reaches ticketjobs" }
            var inner = name
            if let suffix = suffixes.first(where: { name.lowercased().hasSuffix($0) }) { inner.removeLast(suffix.count) }
            let format = ImportFormat.infer(fromPath: inner) ?? .csv
            return "decompress it first: \(tool) -dc \(name) | ticketjobs import - --format \(format.rawValue)"
        }
        if starts([0x1F, 0x8B]) { return ("a gzip-compressed file", pipe("gzip", [".gz", ".tgz"])) }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return ("an xz-compressed file", pipe("xz", [".xz"])) }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return ("a zstd-compressed file", pipe("zstd", [".zst"])) }
        if starts(Array("BZh".utf8)), head.count >= 10, (0x31...0x39).contains(head[3]),
            Array(head[4..<10]) == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
        {
            return ("a bzip2-compressed file", pipe("bzip2", [".bz2"]))
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            return ("a ZIP archive (an Excel .xlsx workbook is one)", "unzip it, or save the sheet as CSV UTF-8")
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return ("an Excel 97-2003 workbook (.xls)", "save the sheet as CSV UTF-8")
        }
        if starts(Array("SQLite format 3\u{0}".utf8)) {
            return ("an SQLite database", "import reads exports (CSV, JSON Lines, JSON); --db names the database")
        }
        return nil
    }

    /// Throws `ImportError.unknownEncoding` unless iconv knows `name` (in any spelling `canonical` folds): asked
    /// before anything is opened, so that a typo neither creates a database nor reads half a file.
    public static func checkEncoding(_ name: String) throws {
        let chosen = canonical(name)
        if chosen != "utf-8" { _ = try Transcoder(from: chosen) }
    }

    /// Lower-case names with the common spellings folded (`UTF8`, `utf_8` → `utf-8`; `latin1` → `iso-8859-1`;
    /// `cp1252`, `win1252` → `windows-1252`; `ansi`, what Windows' Notepad calls its own, → `windows-1252`).
    static func canonical(_ name: String) -> String {
        let lowered = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch lowered {
        case "utf8", "utf-8": return "utf-8"
        case "latin1", "latin-1", "iso8859-1", "iso-8859-1": return "iso-8859-1"
        case "cp1252", "cp-1252", "win1252", "win-1252", "windows1252", "windows-1252", "ansi": return "windows-1252"
        case "utf16", "utf-16": return "utf-16"
        default: return lowered
        }
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Reads up to `buffer.count` bytes of UTF-8; 0 means the end of the input.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let transcoder else { return try readPlain(into: buffer) }
        while converted.count - convertedStart == 0 {
            converted.removeAll(keepingCapacity: true)
            convertedStart = 0
            if rawEnded { return 0 }
            // Quarter-megabyte pieces: the converted text (up to three times as long) and iconv's scratch stay
            // small beside the reader's own chunk, which the conversion fills over several calls.
            let piece = min(buffer.count, 1 << 18)
            if raw.count < piece { raw = [UInt8](repeating: 0, count: piece) }
            let count = try raw.withUnsafeMutableBytes { try readPlain(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<piece])) }
            if count == 0 { rawEnded = true }
            raw.withUnsafeBytes { transcoder.convert(UnsafeRawBufferPointer(rebasing: $0[0..<count]), into: &converted, final: count == 0) }
        }
        let count = min(buffer.count, converted.count - convertedStart)
        converted.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + convertedStart, byteCount: count)
        }
        convertedStart += count
        return count
    }

    /// The file's bytes after the byte-order mark, unconverted.
    private func readPlain(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !prefix.isEmpty {
            let count = min(buffer.count, prefix.count)
            prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
            prefix.removeFirst(count)
            return count
        }
        return try readRaw(into: buffer)
    }

    private func readRaw(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if fd < 0 {
            let count = min(buffer.count, memory.count - memoryRead)
            memory.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + memoryRead, byteCount: count) }
            memoryRead += count
            return count
        }
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ImportError.unreadable(file: name, reason: String(cString: strerror(errno)))
        }
    }

    /// Throws what opening `path` would, and what a regular file's first bytes say (a FIFO is neither read nor waited on).
    public static func checkReadable(_ path: String) throws {
        // A FIFO is not even opened: its writer, waiting for a reader, would write into this check's descriptor and
        // end when it closed (SIGPIPE), leaving the import to wait for rows that never come.
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFIFO {
            guard access(path, R_OK) == 0 else {
                throw ImportError.unreadable(file: path, reason: String(cString: strerror(errno)))
            }
            return
        }
        let (descriptor, info) = try open(path, flags: O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        defer { close(descriptor) }
        // A regular file's magic number says at once that it is no text (a pipe is read only once, later).
        guard (info.st_mode & S_IFMT) == S_IFREG else { return }
        var head = [UInt8](repeating: 0, count: 16)
        let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0, let (kind, hint) = notText(Array(head[0..<count]), name: path) {
            throw ImportError.notText(file: path, kind: kind, hint: hint)
        }
    }

    /// Opens `path` and looks at it: what reading it needs, and what stops an import before it starts.
    private static func open(_ path: String, flags: Int32) throws -> (descriptor: Int32, info: stat) {
        let descriptor = Glibc.open(path, flags)
        guard descriptor >= 0 else {
            let code = errno
            let hint = code == ENOENT ? FilePaths.hint(forMissing: path).map { "; \($0)" } ?? "" : ""
            throw ImportError.unreadable(file: path, reason: String(cString: strerror(code)) + hint)
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw ImportError.unreadable(file: path, reason: "is a folder; name the files in it (\(FilePaths.join(path, "*.csv")), say)")
        }
        return (descriptor, info)
    }
}
