import Testing
@testable import TicketModel
@testable import TicketDatabase
@testable import TicketImport
@testable import TicketClassification

@Suite struct TokenBucketTests {
    /// No burst: a per-second window never sees more than the rate.
    @Test func pacesEvenlyInsteadOfBursting() {
        var bucket = TokenBucket.perMinute(600, now: 0)  // 10 a second
        #expect(bucket.capacity == 1)
        #expect(bucket.delay(for: 1, now: 0) == 0)
        bucket.take(1, now: 0)
        #expect(abs(bucket.delay(for: 1, now: 0) - 0.1) < 1e-9)
        #expect(bucket.delay(for: 1, now: 0.1) == 0)
        // A larger request goes once the bucket is full, and its debt spaces the next by its size.
        bucket.take(1, now: 0.1)
        #expect(abs(bucket.delay(for: 5, now: 0.1) - 0.1) < 1e-9)
        bucket.take(5, now: 0.2)
        #expect(abs(bucket.delay(for: 1, now: 0.2) - 0.5) < 1e-9)
    }

    @Test func aRequestLargerThanTheBurstWaitsForAFullBucketAndLeavesADebt() {
        var bucket = TokenBucket(capacity: 100, ratePerSecond: 100, now: 0)
        bucket.take(60, now: 0)
        #expect(abs(bucket.delay(for: 500, now: 0) - 0.6) < 1e-9)
        bucket.take(500, now: 0.6)
        #expect(bucket.level == -400)
        #expect(abs(bucket.delay(for: 1, now: 0.6) - 4.01) < 1e-9)
    }

    @Test func refundsNeverExceedCapacity() {
        var bucket = TokenBucket(capacity: 10, ratePerSecond: 1, now: 0)
        bucket.take(5, now: 0)
        bucket.refund(100, now: 0)
        #expect(bucket.level == 10)
    }

    /// The server's limit sets the rate up as well as down.
    @Test func theRateFollowsTheServerBothWays() {
        var bucket = TokenBucket.perMinute(600, now: 0)
        bucket.setRate(perMinute: 6000, now: 0)
        #expect(bucket.ratePerSecond == 100 && bucket.capacity == 1)
        bucket.setRate(perMinute: 60, now: 0)
        #expect(bucket.ratePerSecond == 1)
        #expect(bucket.level <= bucket.capacity)
    }

    @Test func drainEmptiesTheBucket() {
        var bucket = TokenBucket.perMinute(60, now: 0)
        bucket.drain(now: 0)
        #expect(bucket.delay(for: 1, now: 0) == 1)
    }
}
