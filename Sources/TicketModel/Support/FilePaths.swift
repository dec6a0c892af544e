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

    /// Why `folder`, where reports are to be written each under a name of its own, is likely a report's file name
    /// (`--out reports/2026-W47.html`), or nil: it ends in `.html`, `.htm` or `.json` and no such folder exists.
    /// Taken as given, the reports would go into a new folder of that name, and the file be looked for in vain.
    public static func reportFolderProblem(_ folder: String) -> String? {
        var name = Substring(folder)
        while name.count > 1, name.hasSuffix("/") { name = name.dropLast() }
        let lowered = name.lowercased()
        guard [".html", ".htm", ".json"].contains(where: { lowered.hasSuffix($0) && lowered.count > $0.count }) else { return nil }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue { return nil }
        return "'\(folder)' looks like a file's name, but it names the folder the reports are written into (each under a "
            + "name of its own, as .html and .json): give the folder, \(Self.folder(of: String(name)))"
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
