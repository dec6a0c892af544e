import TicketModel
import TicketDatabase
import TicketImport

/// A sparse feature vector: bucket indices in increasing order, and their values.
public struct SparseVector: Sendable, Equatable {
    public var indices: [Int32]
    public var values: [Float]
}
