import Testing

@testable import TicketClassification

/// AIMD pacing, in virtual time: the pacer against simulated servers that enforce less than the budget.
@Suite struct AdaptivePacerTests {
    /// A server that admits `perWindow` requests in any `window` seconds, and answers 429 with a retry-after
    /// of one second beyond that.
    struct Server {
        var perWindow: Int
        var window: Double
        var admitted: [Double] = []

        mutating func admits(at now: Double) -> Bool {
            admitted.removeFirst(admitted.prefix { $0 <= now - window }.count)
            guard admitted.count < perWindow else { return false }
            admitted.append(now)
            return true
        }
    }

    /// Sends `requests` requests paced by the pacer (one every 60 / rate seconds, a 429 pausing a second);
    /// returns the successes per minute over the second half, and the share of 429s.
    func simulate(budget: Double, server: inout Server, requests: Int) -> (rate: Double, rejected: Double, pacer: AdaptivePacer) {
        var pacer = AdaptivePacer(ceiling: budget)
        var now = 0.0
        var successes: [Double] = []
        var rejected = 0
        for _ in 0..<requests {
            if server.admits(at: now) {
                successes.append(now)
                _ = pacer.succeeded(at: now)
                now += 60 / pacer.rate
            } else {
                rejected += 1
                _ = pacer.rateLimited(at: now)
                now += max(1, 60 / pacer.rate)
            }
        }
        let half = now / 2
        let late = successes.filter { $0 >= half }.count
        return (Double(late) / (now - half) * 60, Double(rejected) / Double(requests), pacer)
    }

    /// The server enforces 300 a minute over one-second intervals and says nothing; the budget says 600.
    @Test func convergesOnAStricterServerWithFewRejections() {
        var server = Server(perWindow: 5, window: 1)
        let result = simulate(budget: 600, server: &server, requests: 1200)
        #expect(result.rate >= 0.95 * 300, "\(result.rate)")
        #expect(result.rate <= 300.5)
        #expect(result.rejected < 0.02, "\(result.rejected)")
        // A server that allows 180, and one that allows 420: the same.
        for perSecond in [3, 7] {
            var other = Server(perWindow: perSecond, window: 1)
            let allowed = Double(perSecond * 60)
            let run = simulate(budget: 600, server: &other, requests: 900)
            #expect(run.rate >= 0.95 * allowed && run.rate <= allowed + 0.5, "\(perSecond)/s: \(run.rate)")
            #expect(run.rejected < 0.05, "\(perSecond)/s: \(run.rejected)")
        }
    }

    /// A per-minute window of 300: the same, although the window admits a burst before it refuses.
    @Test func convergesOnAPerMinuteWindow() {
        var server = Server(perWindow: 300, window: 60)
        let result = simulate(budget: 600, server: &server, requests: 1500)
        #expect(result.rate >= 0.95 * 300, "\(result.rate)")
        #expect(result.rejected < 0.05, "\(result.rejected)")
    }

    /// A server that allows the whole budget: no 429, full speed.
    @Test func staysAtTheBudgetWhenNothingIsRefused() {
        var server = Server(perWindow: 11, window: 1)
        let result = simulate(budget: 600, server: &server, requests: 1200)
        #expect(result.rejected == 0)
        #expect(result.pacer.rate == 600)
        #expect(result.rate >= 0.99 * 600)
    }

    @Test func aDecreaseIsMultiplicativeOncePerEpisodeAndNeverBelowTheFloor() {
        var pacer = AdaptivePacer(ceiling: 100)
        let first = pacer.rateLimited(at: 10)
        #expect(first)
        #expect(pacer.rate == 50)
        // The other requests of the same episode were in flight already.
        let second = pacer.rateLimited(at: 10.5)
        #expect(!second)
        #expect(pacer.rate == 50)
        _ = pacer.rateLimited(at: 12)
        #expect(pacer.rate == 42.5)
        var time = 14.0
        for _ in 0..<100 {
            _ = pacer.rateLimited(at: time)
            time += 2
        }
        #expect(pacer.rate == AdaptivePacer.minimum)
    }

    /// Raises are additive (a share of the budget), stop at just below the rate that failed, then only creep.
    @Test func raisesAreAdditiveAndCreepNearTheLastFailure() {
        var pacer = AdaptivePacer(ceiling: 600)
        _ = pacer.rateLimited(at: 0)
        #expect(pacer.rate == 300)
        var time = 3.0
        while !pacer.succeeded(at: time) { time += 0.1 }
        #expect(pacer.rate == 312)
        while pacer.rate < 0.97 * 600 {
            _ = pacer.succeeded(at: time)
            time += 0.1
        }
        #expect(pacer.rate == 0.97 * 600)
        while !pacer.succeeded(at: time) { time += 0.1 }
        #expect(abs(pacer.rate - 0.97 * 600 - 0.3) < 1e-9)
    }

    /// A decrease never goes below what the server admitted in the last minute.
    @Test func aDecreaseKeepsTheRateTheServerAdmitted() {
        var pacer = AdaptivePacer(ceiling: 300)
        _ = pacer.rateLimited(at: 0)
        pacer.setCeiling(150)
        #expect(pacer.rate == 150)
        // 150 a minute got through; the next 429 takes 15% off, but not below 97% of that.
        for i in 1...150 { _ = pacer.succeeded(at: 0.5 + 0.4 * Double(i)) }
        _ = pacer.rateLimited(at: 60.5)
        #expect(pacer.rate == 150 * 0.97)
    }

    /// When another budget held requests well below the pacing rate, a 429 lowers the rate they actually went
    /// at, gently: that rate was nearly right. Close to the pacing rate, the pacing rate is what failed.
    @Test func aDecreaseStartsFromTheRateRequestsActuallyWentAt() {
        var pacer = AdaptivePacer(ceiling: 1000)
        _ = pacer.rateLimited(at: 0, sendingAt: 190)
        #expect(pacer.rate == 190 * 0.85)
        #expect(pacer.lastFailureRate == 190)
        var other = AdaptivePacer(ceiling: 600)
        _ = other.rateLimited(at: 0, sendingAt: 500)
        #expect(other.rate == 300)
    }

    /// A new budget is followed down at once, and up while the server has not refused anything.
    @Test func theCeilingMovesTheRate() {
        var pacer = AdaptivePacer(ceiling: 50)
        pacer.setCeiling(600)
        #expect(pacer.rate == 600)
        pacer.setCeiling(300)
        #expect(pacer.rate == 300)
        _ = pacer.rateLimited(at: 0)
        pacer.setCeiling(1000)
        #expect(pacer.rate == 150)
    }
}
