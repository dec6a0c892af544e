import Foundation
import TicketModel

extension MappingDraft {
    /// The draft as a mapping file `import --mapping` reads as it is: what it could not decide is commented out,
    /// with what to put there. `source` names the export, `labels` where the taxonomy came from.
    public func fileText(source: String, labels: String, now: Date) -> String {
        let read = sampledRows == 0 ? "its header (it has no rows)" : "its header and first \(sampledRows) rows"
        var lines = [
            "# A mapping for \(source), drafted by 'ticketjobs mapping draft' from \(read).",
            "# Check it and decide what the comments ask, then: ticketjobs import \(source) --mapping THIS_FILE",
            "# Its labels were read as those of \(labels).",
        ]
        switch fittingPreset {
        case "ticketjobs"?:
            lines.append(
                "# Its columns are ours (as 'ticketjobs export' writes them): import reads it without a mapping.")
        case let preset?:
            lines.append("# Its columns are \(preset)'s: 'import --mapping \(preset)' reads it without this file.")
        case nil: break
        }
        lines.append("version: 1")
        if let encoding { lines.append("encoding: \(Self.scalar(encoding))") }
        if let delimiter { lines.append("delimiter: \(Self.scalar(delimiter == .tab ? "tab" : delimiter.rawValue))") }
        lines.append("columns:")
        for field in TicketField.allCases {
            if let taken = columns[field] {
                let value =
                    field == .tags && taken.count > 1
                    ? "[" + taken.map(Self.scalar).joined(separator: ", ") + "]" + "   # each column one tag"
                    : Self.scalar(taken[0])
                lines.append("  \(field.rawValue): \(value)")
            } else if missingFields.contains(field) {
                lines.append(
                    "  # \(field.rawValue): ?   # no column looks like one, and every row needs it: name yours here"
                        + (field == .createdAt ? ", or give every row one under defaults below" : ""))
            }
        }
        let attributes = attributeColumns
        if !attributes.isEmpty {
            lines.append("# Kept as attributes, exported back as they are: " + attributes.joined(separator: ", "))
        }
        lines += valueLines()
        if columns[.createdAt] == nil {
            lines += [
                "# Without a creation time, every row can have the same one (a report on them then means little):",
                "# defaults:",
                "#   created_at: \"\(UTCTimestamp.format(epochSeconds: Int64(now.timeIntervalSince1970)).prefix(10))T00:00:00Z\"",
            ]
        }
        if let dateFormat {
            lines.append("date_formats: [\(Self.scalar(dateFormat))]   # how its creation times are written")
            if let other = ambiguousDateFormat {
                lines.append(
                    "# Every day read was 12 or less, so this may be \(Self.scalar(other)) instead: which comes first,")
                lines.append("# the day or the month? A wrong guess moves every ticket to another day, or rejects it.")
            }
        } else if let unreadDate {
            lines.append(
                "# Its creation times (\(Self.scalar(unreadDate)), say) are in no form this reads: give theirs,")
            lines.append("# date_formats: [\"dd.MM.yyyy HH:mm\"]   # Unicode date patterns, tried in order")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func valueLines() -> [String] {
        var lines: [String] = []
        for field in Self.labelFields {
            guard let column = columns[field]?.first, let found = values[field] else { continue }
            guard let found else {
                lines.append(
                    "# \(column) (\(field.rawValue)) has more than \(Self.maximumValues) values: free text, or another column?"
                )
                continue
            }
            let allowed =
                switch field {
                case .category: taxonomy.categoryNames
                case .priority: taxonomy.priorityNames
                default: Status.allCases.map(\.rawValue)
                }
            // A field none of whose values is decided is commented out whole: YAML would read it as empty.
            let open = found.contains { $0.label != nil } ? "" : "# "
            lines.append("  \(open)\(field.rawValue):   # \(column)'s values, and how many of the rows read had each")
            if found.contains(where: { $0.label == nil }) {
                lines.append(
                    "    # A commented value's rows are rejected until it is given one of: \(allowed.joined(separator: ", "))"
                )
                if field == .category || field == .priority {
                    // Spelled as the taxonomy's names, the values need no entry here: import reads them as they are.
                    let names = found.map { LabelSpelling.canonical($0.text) }
                    if names.allSatisfy(Taxonomy.isValidName) {
                        lines.append(
                            "    # (or make these values the labels: a taxonomy naming them so, set first with")
                        lines.append("    # 'ticketjobs taxonomy set FILE', reads them as they are:")
                        var line = "    #"
                        for (index, name) in names.enumerated() {
                            let item = " " + name + (index == names.count - 1 ? ")" : ",")
                            if line.count + item.count > 116 {
                                lines.append(line)
                                line = "    #"
                            }
                            line += item
                        }
                        lines.append(line)
                    } else {
                        lines.append("    # (or make these values the labels, first: ticketjobs taxonomy set FILE)")
                    }
                }
            }
            let width = found.map { Self.scalar($0.text).count + ($0.label ?? "?").count }.max() ?? 0
            for value in found {
                let key = Self.scalar(value.text)
                let entry = "\(key): \(value.label.map(Self.scalar) ?? "?")"
                let padding = String(repeating: " ", count: max(1, width + 3 - key.count - (value.label ?? "?").count))
                let rows = "# \(value.rows) row\(value.rows == 1 ? "" : "s")"
                lines.append(value.label == nil ? "    # \(entry)\(padding)\(rows)" : "    \(entry)\(padding)\(rows)")
            }
        }
        guard !lines.isEmpty else { return [] }
        let decided = values.values.contains { $0?.contains { $0.label != nil } ?? false }
        return [decided ? "values:" : "# values:"] + lines
    }

    /// A YAML scalar: plain when it reads back as the same string, else double-quoted (JSON's escapes are YAML's).
    static func scalar(_ text: String) -> String {
        let plain =
            text.wholeMatch(of: #/[A-Za-z][A-Za-z0-9_ .\/()-]*/#) != nil && !text.hasSuffix(" ")
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(text.lowercased())
        return plain ? text : JSONText.quote(text)
    }
}
