import Testing
import TicketJobsTestSupport
import TicketModel

@testable import TicketDatabase

@Suite struct CountingTableTests {
    /// Against a dictionary, through several growths, with keys that collide in the low bits and negative ones
    /// (days before 1970 packed above 32 bits).
    @Test(arguments: [1, 2, 3])
    func countsAsADictionaryDoes(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var table = CountingTable(zero: 0)
        var model: [Int64: Int] = [:]
        for _ in 0..<20_000 {
            let day = Int64.random(in: -400...400, using: &random)
            let key = day << 32 | Int64.random(in: 0..<8, using: &random) << 12
            let amount = Int.random(in: 1...3, using: &random)
            table.update(key) { $0 += amount }
            model[key, default: 0] += amount
        }
        #expect(table.count == model.count)
        #expect(table.sorted.map(\.key) == model.keys.sorted())
        #expect(table.sorted.map(\.value) == model.keys.sorted().map { model[$0]! })
        for key in model.keys.prefix(100) { #expect(table[key] == model[key]) }
        #expect(table[Int64.max] == nil)
    }

    @Test func entriesStartAtZeroAndChangeInPlace() {
        var table = CountingTable(zero: (tickets: 0, seconds: Int64(0)))
        table.update(7) {
            $0.tickets += 1; $0.seconds += 60
        }
        table.update(7) {
            $0.tickets += 1; $0.seconds += 30
        }
        table.update(0) { $0.tickets += 1 }
        #expect(table.count == 2)
        #expect(table.sorted.map(\.key) == [0, 7])
        #expect(table[7]?.tickets == 2)
        #expect(table[7]?.seconds == 90)
    }
}
