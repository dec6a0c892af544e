import Foundation

/// What identifies a version of an export file cheaply: its absolute path, size and modification time.
public struct FileFingerprint: Sendable, Equatable {
    public var path: String
    public var size: Int64
    public var modifiedAt: Int64

    public init?(path: String) {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: absolute),
            let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date
        else { return nil }
        self.path = absolute
        self.size = size.int64Value
        modifiedAt = Int64((modified.timeIntervalSince1970 * 1000).rounded())
    }
}
