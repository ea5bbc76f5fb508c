import Testing
@testable import Cluster

@Suite("Timestamp rebaser")
struct TimestampRebaserTests {
    @Test func firstSessionKeepsTheOriginTimeline() {
        var rebaser = TimestampRebaser()
        #expect([1000, 1033, 1020, 1066].map { rebaser.map($0) } == [1000, 1033, 1020, 1066])
        #expect(rebaser.rebases == 0)
    }

    @Test func aNewSessionContinuesAfterTheNewest() {
        var rebaser = TimestampRebaser()
        _ = [5000, 5033, 5066].map { rebaser.map($0) }
        rebaser.startSession()
        // The new origin's timeline starts elsewhere (another publisher, a restart at 0).
        let out = [120, 153, 140, 186].map { rebaser.map($0) }
        #expect(out == [5067, 5100, 5087, 5133])
        #expect(rebaser.rebases == 1)
    }

    @Test func outputNeverGoesBackMoreThanInterleaving() {
        var rebaser = TimestampRebaser(maxBackwardMillis: 500, maxForwardMillis: 5000)
        _ = rebaser.map(10_000)
        // The origin's publisher restarted at 0 without jitter correction: rebased, not passed on.
        #expect(rebaser.map(0) == 10_001)
        #expect(rebaser.map(33) == 10_034)
        // A jump of hours forward is rebased too.
        #expect(rebaser.map(3_600_000) == 10_035)
        #expect(rebaser.rebases == 2)
    }

    @Test func startSessionBeforeAnyPacketChangesNothing() {
        var rebaser = TimestampRebaser()
        rebaser.startSession()
        #expect(rebaser.map(42) == 42)
        #expect(rebaser.metadataTimestamp == 42)
    }
}
