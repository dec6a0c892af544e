import Foundation

#if canImport(Glibc)
import Glibc
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
#endif

/// Expands shell-style patterns (`exports/*.csv`) with glob(3); a pattern without wildcards is returned as
/// is, so a missing file still reaches the importer and is reported by name.
enum Glob {
    static func expand(_ pattern: String) -> [String] {
        guard pattern.contains(where: { "*?[".contains($0) }) else { return [pattern] }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
