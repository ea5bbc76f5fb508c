import HLS
import Testing

@Suite struct HLSSegmenterTests {
    typealias D = HLSSegmenter.Decision

    /// One frame: track, DTS (ms), keyframe, and the decision expected for it.
    struct Step: CustomStringConvertible, Sendable {
        var track: HLSSegmenter.Track
        var dts: Int64
        var key: Bool
        var expect: D
        var description: String { "\(track) \(dts)\(key ? "K" : "") → \(expect)" }
    }

    static func v(_ dts: Int64, key: Bool = false, _ expect: D = .append) -> Step { Step(track: .video, dts: dts, key: key, expect: expect) }
    static func a(_ dts: Int64, _ expect: D = .append) -> Step { Step(track: .audio, dts: dts, key: false, expect: expect) }

    /// Runs the steps the way the muxer does: decide, start a segment on a reap, append.
    private func run(_ steps: [Step], _ segmenter: HLSSegmenter) {
        var segmenter = segmenter
        for step in steps {
            let decision = segmenter.decide(step.track, dtsMillis: step.dts, isKeyframe: step.key)
            #expect(decision == step.expect, "\(step)")
            if decision != .append { segmenter.startSegment() }
            segmenter.append(dtsMillis: step.dts)
        }
    }

    private static let twoSeconds = HLSSegmenter(maxTDMillis: 2000, aofMillis: 4200, fragmentMillis: 2000, waitKeyframe: true)

    @Test(arguments: [
        // The threshold counts frames already in the segment: a keyframe at exactly 2 s after
        // 1.96 s of content does not reap (SRS behaviour); the next one does.
        ("video reaps only on a keyframe past the threshold",
         [v(0, key: true), v(1960), v(2000, key: true), v(2500), v(3000), v(4000, key: true, .reap), v(4040)]),
        ("non-keyframes past the threshold never reap while waiting for a keyframe",
         [v(0, key: true), v(2000), v(3000), v(9000), v(9040, key: true, .reap)]),
        ("audio reaps at fragment × aof_ratio whatever the keyframes",
         [a(0), a(2000), a(4199), a(4200), a(4223, .reap), a(4246)]),
        ("audio past td but below aof does not reap",
         [a(0), a(3000), a(4100), a(4150)]),
        ("interleaved audio slightly behind video is not a jump",
         [v(0, key: true), a(0), v(40), a(23), a(46), v(80), a(69)]),
        ("a forward step over 10 s is a timeline jump",
         [v(0, key: true), v(40), v(10_041, .reapWithDiscontinuity), v(10_081)]),
        ("a backward step over 250 ms is a timeline jump",
         [a(5000), a(5023), a(1000, .reapWithDiscontinuity), a(1023)]),
        ("a small backward step is jitter",
         [v(5000, key: true), v(5040), v(4900), v(4940)]),
        ("after a jump the other track's first frame on the new timeline is not another jump",
         [v(60_000, key: true), a(60_000), v(0, key: true, .reapWithDiscontinuity), a(0), v(40)]),
    ] as [(String, [Step])])
    func decisions(_ name: String, steps: [Step]) {
        run(steps, Self.twoSeconds)
    }

    @Test func aSegmentShorterThan200msIsNeverReaped() {
        let segmenter = HLSSegmenter(maxTDMillis: 100, aofMillis: 150, fragmentMillis: 100, waitKeyframe: true)
        run([Self.v(0, key: true), Self.v(150, key: true), Self.v(199, key: true), Self.v(240, key: true),
             Self.v(280, key: true, .reap)], segmenter)
        run([Self.a(0), Self.a(150), Self.a(199), Self.a(222), Self.a(245, .reap)], segmenter)
    }

    @Test func withoutWaitKeyframeVideoReapsOnAnyFrame() {
        let segmenter = HLSSegmenter(maxTDMillis: 2000, aofMillis: 4200, fragmentMillis: 2000, waitKeyframe: false)
        run([Self.v(0, key: true), Self.v(2000), Self.v(2040, .reap), Self.v(4040), Self.v(4080, .reap)], segmenter)
    }

    @Test func floorDeviationMovesTheThresholdByThirtyPercentOfAFragment() {
        var segmenter = Self.twoSeconds
        segmenter.floorDeviation = -1
        run([Self.v(0, key: true), Self.v(1400), Self.v(1440, key: true, .reap)], segmenter)
        segmenter.floorDeviation = 1
        run([Self.v(0, key: true), Self.v(2500), Self.v(2540, key: true), Self.v(2600), Self.v(2640, key: true, .reap)], segmenter)
    }

    @Test func durationIsLastMinusSmallestDTS() {
        var segmenter = Self.twoSeconds
        #expect(!segmenter.hasFrames)
        segmenter.append(dtsMillis: 1000)
        segmenter.append(dtsMillis: 990)
        segmenter.append(dtsMillis: 1500)
        #expect(segmenter.startMillis == 990 && segmenter.durationMillis == 510)
        segmenter.startSegment()
        #expect(!segmenter.hasFrames && segmenter.durationMillis == 0)
    }

    @Test func settingsGiveSRSThresholds() {
        let settings = HLSSettings(fragment: .seconds(10), tdRatio: 1.5, aofRatio: 2.1)
        #expect(settings.maxTDMillis == 15_000 && settings.aofMillis == 21_000 && settings.fragmentMillis == 10_000)
        #expect(HLSSettings(fragment: .milliseconds(1500)).maxTDMillis == 1500)
        let defaults = HLSSettings()
        #expect(defaults.windowMillis == 60_000 && defaults.disposeMillis == 120_000 && defaults.onError == .continue)
    }
}
