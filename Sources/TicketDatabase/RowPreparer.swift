import TicketModel

/// The part of storing a row that needs no connection: its content hash and, for a first load, its report
/// rollup counts. Done on the import's validating thread (`BulkLoader.makePreparer`), off the storing one, the
/// slowest of the three: with one core busy elsewhere, a million rows took 0.86× the time.
///
/// Used by one thread at a time; the loader reads its counts once that thread has ended.
public final class RowPreparer: @unchecked Sendable {
    private let scheme: ContentHashScheme
    /// A first load's rollups, counted as rows are prepared: they hold if every row prepared is then inserted,
    /// which the loader checks.
    private(set) var counter: RollupCounter?
    /// A later load's upsert also compares the hashes without the row's labels; a first load only inserts.
    private let labelFree: Bool

    /// - Parameter counter: a first load's counts, which the preparer takes over (nil for a later load).
    init(scheme: ContentHashScheme, counter: RollupCounter?, labelFree: Bool) {
        self.scheme = scheme
        self.counter = counter
        self.labelFree = labelFree
    }

    /// Computes the row's content hashes in the loader's scheme and counts it.
    public func prepare(_ row: inout NormalizedRow) {
        if labelFree {
            (row.preparedHash, row.preparedLabelFreeHashes) = row.contentHashes(scheme)
            (row.preparedEquivalentHash, row.preparedEquivalentLabelFreeHashes) =
                row.equivalentHashes(scheme).map { ($0.hash, $0.labelFree) } ?? (nil, nil)
        } else {
            row.preparedHash = scheme.hash(row.ticket)
            row.preparedEquivalentHash = row.equivalentHash(scheme)
        }
        counter?.add(row)
    }
}
