import Foundation
import TicketModel
import TicketDatabase

/// How `import` reads its files. Defaults are what `ticketjobs import FILE` does with no flags.
public struct ImportOptions: Sendable {
    /// The format, or nil to infer it from each file's extension.
    public var format: ImportFormat?
    /// Which columns and values map onto our fields. Default: our own column names.
    public var mapping: ColumnMapping {
        get { chosenMapping ?? .ticketjobs }
        set { chosenMapping = newValue }
    }
    /// The mapping given (`--mapping`, a job's `mapping:`), nil for the default: a file whose columns are a
    /// preset's is then stopped rather than read without its titles (`ImportError.presetFits`).
    public var chosenMapping: ColumnMapping?
    /// The zone in which timestamps without an offset are read. Default: UTC.
    public var timeZone: TimeZone = TimeZone(identifier: "UTC")!
    /// Where rejected rows go: a file for one input (or a folder, existing or written with a trailing `/`), a
    /// folder for several. Default: `rejects/` beside the database.
    public var rejectsPath: String?
    /// Give up on a file, keeping none of it, once more rows than this are rejected. Default: no limit.
    public var maxRejects: Int?
    /// The file's encoding (any name iconv knows), or nil for the mapping's, else UTF-8. A byte-order mark wins.
    public var encoding: String?
    /// The CSV delimiter; `auto` takes the mapping's, else `.tsv` files' tab, else sniffs the header line.
    public var delimiter: CSVDelimiter = .auto
    /// The longest field (CSV) or line (JSONL) read, in bytes; a longer one rejects its record. Default 10 MB.
    public var maxFieldBytes = ImportOptions.defaultMaxFieldBytes
    public static let defaultMaxFieldBytes = 10 << 20
    /// Rows per transaction. Default 10,000.
    public var batchSize: Int = 10_000
    /// Skip a file whose path, size and modification time match an earlier completed import (job steps).
    public var skipUnchangedFiles = false
    /// Fault injection for tests, never set in normal use: after this many batches (committed; with
    /// `maxRejects`, 10,000-row stretches of the one transaction) the process ends at once, as if killed
    /// (`TICKETJOBS_FAULT_IMPORT_AFTER_BATCHES`)…
    public var crashAfterBatches: Int?
    /// …or waits there until it is cancelled (`TICKETJOBS_PAUSE_IMPORT_AFTER_BATCHES`), so that a test can send
    /// a signal mid-import without racing it.
    public var pauseAfterBatches: Int?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        crashAfterBatches = environment["TICKETJOBS_FAULT_IMPORT_AFTER_BATCHES"].flatMap { Int($0) }
        pauseAfterBatches = environment["TICKETJOBS_PAUSE_IMPORT_AFTER_BATCHES"].flatMap { Int($0) }
    }
}
