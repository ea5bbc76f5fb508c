import API
import Testing

@Suite struct KbpsSamplerTests {
    /// Feeds `(bytes, ms)` samples in order and returns `kbps30s` after each.
    func run(_ samples: [(UInt64, Int64)]) -> [Int] {
        var sampler = KbpsSampler()
        return samples.map { bytes, millis in
            sampler.sample(totalBytes: bytes, nowMillis: millis)
            return sampler.kbps30s
        }
    }

    @Test func holdsZeroUntilThirtySecondsPassThenReportsTheAverage() {
        // 125,000 bytes/s = 1000 kbit/s, sampled every 3 s like SRS's timer.
        let samples = (0...11).map { (UInt64($0) * 375_000, Int64($0) * 3000) }
        #expect(run(samples) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 1000])
    }

    @Test(arguments: [
        // (bytes over the window, window ms, kbps): bytes * 8 / ms, truncated.
        (UInt64(0), Int64(30_000), 0), (3_750_000, 30_000, 1000), (3_750_000, 33_000, 909), (1, 30_000, 0),
        (4_000, 30_000, 1), (375_000_000, 30_000, 100_000),
    ])
    func computesBitsPerMillisecondOverTheWindow(bytes: UInt64, millis: Int64, kbps: Int) {
        #expect(run([(1000, 5000), (1000 + bytes, 5000 + millis)]).last == kbps)
    }

    @Test func keepsTheLastRateBetweenWindowsAndStartsANewWindow() {
        let results = run([
            (0, 0), (3_750_000, 30_000),  // 1000 kbps
            (3_750_000, 45_000),  // mid-window: unchanged
            (3_750_000, 60_000),  // idle window: 0
            (11_250_000, 90_000),  // 7.5 MB in 30 s: 2000 kbps
        ])
        #expect(results == [0, 1000, 1000, 0, 2000])
    }

    @Test func restartsWhenTheCounterOrClockGoesBackwards() {
        #expect(run([(0, 0), (3_750_000, 30_000), (10, 33_000), (3_750_010, 63_000)]) == [0, 1000, 0, 1000])
        #expect(run([(0, 10_000), (3_750_000, 40_000), (3_750_000, 5_000)]) == [0, 1000, 0])
    }

    @Test func trafficSamplerTracksBothDirections() {
        var traffic = TrafficSampler()
        traffic.sample(recvBytes: 0, sendBytes: 0, nowMillis: 0)
        traffic.sample(recvBytes: 3_750_000, sendBytes: 7_500_000, nowMillis: 30_000)
        #expect(traffic.snapshot == KbpsSnapshot(recv30s: 1000, send30s: 2000))
        #expect(KbpsSampler.resampleIntervalMillis == 3000)
    }
}
