import Foundation

/// Path text as the file system reads it. Foundation's `NSString.deletingLastPathComponent` traps on Linux for
/// a one-letter relative name (`--out r`, `--db t`), so the folder of a path is found here.
public enum FilePaths {
    /// The folder `path` is in: "" for a bare name, "/" for a name at the root; trailing slashes ignored.
    public static func parent(_ path: String) -> String {
        var text = Substring(path)
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        guard let slash = text.lastIndex(of: "/") else { return "" }
        var parent = text[..<slash]
        while parent.count > 1, parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    /// The folder `path` is in, as a path to open: "." for a bare name (see `parent`).
    public static func folder(of path: String) -> String {
        let parent = parent(path)
        return parent.isEmpty ? "." : parent
    }

    /// `name` inside `folder` ("" for the current folder), as the user would write it.
    public static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// What to say of a path that is not there: the file beside it whose name is within two edits of its own (a
    /// typo: `tickets.cvs`, `nigthly.yml`), as the path would be written, or that its folder is missing; nil when
    /// neither helps. A folder of more than 10,000 entries is not searched.
    public static func hint(forMissing path: String) -> String? {
        let parent = parent(path), folder = folder(of: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { return "no folder \(folder)" }
        guard isDirectory.boolValue, let names = try? FileManager.default.contentsOfDirectory(atPath: folder), names.count <= 10_000
        else { return nil }
        let name = String(path.split(separator: "/").last ?? "")
        guard !name.isEmpty, let near = ConfigNode.closest(to: name, in: Set(names)), near != name else { return nil }
        return "did you mean \(join(parent, near))?"
    }

    /// Whether `a` and `b` name one file: the same device and inode when both exist (so `./x`, a symbolic or a
    /// hard link count), else the same absolute path once `.` and `..` are resolved.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        if stat(a, &first) == 0, stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}
