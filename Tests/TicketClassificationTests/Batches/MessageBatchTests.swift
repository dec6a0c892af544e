import Foundation
import Testing

@testable import TicketClassification

/// A batch as a hostile or broken server may describe it: refused, never a trap.
@Suite struct MessageBatchTests {
    func decode(_ counts: String) throws -> MessageBatch {
        try JSONDecoder().decode(
            MessageBatch.self,
            from: Data(#"{"id":"msgbatch_1","processing_status":"ended","request_counts":\#(counts)}"#.utf8))
    }

    @Test func requestCountsAreRead() throws {
        let batch = try decode(#"{"processing":0,"succeeded":7,"errored":2,"canceled":0,"expired":1}"#)
        #expect(batch.requestCounts.total == 10)
    }

    @Test(arguments: [
        #"{"succeeded":9223372036854775807,"errored":1}"#, #"{"errored":-3}"#, #"{"expired":1e30}"#, #"{"canceled":"2"}"#,
    ])
    func countsOutOfRangeOrOfTheWrongTypeAreAnError(counts: String) {
        #expect(throws: (any Error).self) { try decode(counts) }
    }
}
