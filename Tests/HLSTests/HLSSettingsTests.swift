import HLS
import Testing

/// The reap thresholds in ms: fragment × ratio, saturating instead of trapping on a huge ratio
/// or duration (a config the reader accepted must never crash the muxer).
struct HLSSettingsTests {
    @Test func thresholdsAreFragmentTimesRatio() {
        let settings = HLSSettings(fragment: .milliseconds(2500), tdRatio: 1.5, aofRatio: 2.1)
        #expect(settings.fragmentMillis == 2500)
        #expect(settings.maxTDMillis == 3750)
        #expect(settings.aofMillis == 5250)
    }

    @Test func hugeRatiosAndDurationsSaturate() {
        let huge = HLSSettings(fragment: .seconds(10), tdRatio: 1e30, aofRatio: .infinity, window: .seconds(Int64.max))
        #expect(huge.maxTDMillis == Int64.max / 4)
        #expect(huge.aofMillis == Int64.max / 4)
        #expect(huge.windowMillis == Int64.max / 4)
        let odd = HLSSettings(fragment: .seconds(-5), tdRatio: .nan, aofRatio: -3)
        #expect(odd.fragmentMillis == 0 && odd.maxTDMillis == 0 && odd.aofMillis == 0)
    }
}
