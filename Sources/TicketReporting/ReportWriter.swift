import Foundation
import TicketModel
import TicketDatabase

/// The outer edge of the report pipeline: writes rendered reports into a folder, each atomically, so a
/// failed run never leaves a half-written report in place of the last good one.
public struct ReportWriter {
    public enum Format: String, CaseIterable, Sendable {
        case html
        case json
    }

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Parses `html,json`; a format named twice is written once (and its path printed once).
    public static func formats(_ text: String) throws -> [Format] {
        var formats: [Format] = []
        for part in text.split(separator: ",") {
            guard let format = Format(rawValue: part.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw ReportError.unknownFormat(String(part))
            }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { throw ReportError.unknownFormat(text) }
        return formats
    }

    /// Renders every format first, then writes: nothing is written unless all rendered.
    public func write(_ report: PeriodReport, formats: [Format], baseName: String) throws -> [String] {
        var outputs: [(String, Data)] = []
        for format in formats {
            let data: Data
            switch format {
            case .json: data = try JSONReportRenderer.render(report)
            case .html: data = Data(try HTMLReportRenderer().render(report).utf8)
            }
            // Joined as given: `--out reports` prints reports/2026-W46.html, as the user would write it.
            outputs.append((FilePaths.join(directory, "\(baseName).\(format.rawValue)"), data))
        }
        for (path, data) in outputs { try AtomicFileWriter.write(data, to: path) }
        return outputs.map(\.0)
    }
}
