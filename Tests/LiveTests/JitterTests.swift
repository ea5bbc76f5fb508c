import Live
import Testing

@Suite struct JitterTests {
    @Test func fullRebasesToAboutZeroAndStaysMonotonic() {
        var jitter = JitterCorrector(mode: .full)
        #expect(jitter.correct(5000, isAV: true) == 10)
        #expect(jitter.correct(5040, isAV: true) == 50)
        // A jump back (republish) becomes a 10 ms step, never a negative time.
        #expect(jitter.correct(0, isAV: true) == 60)
        #expect(jitter.correct(40, isAV: true) == 100)
        // A jump forward beyond 250 ms is also replaced by 10 ms.
        #expect(jitter.correct(10_000, isAV: true) == 110)
    }

    @Test func fullStampsMetadataWithZero() {
        var jitter = JitterCorrector(mode: .full)
        _ = jitter.correct(1000, isAV: true)
        #expect(jitter.correct(1000, isAV: false) == 0)
    }

    @Test func zeroSubtractsTheFirstTimestamp() {
        var jitter = JitterCorrector(mode: .zero)
        #expect(jitter.correct(1000, isAV: true) == 0)
        #expect(jitter.correct(1500, isAV: true) == 500)
    }

    @Test func offPassesThrough() {
        var jitter = JitterCorrector(mode: .off)
        #expect(jitter.correct(123_456, isAV: true) == 123_456)
    }
}
