import Codec
@testable import DVR
import Testing

@Suite struct DVRSegmenterTests {
    /// Feeds `packets` through a segmenter as the recorder does (timestamps already from 0) and
    /// returns the decisions, restarting the file after each cut.
    static func decisions(_ settings: DVRSettings, _ packets: [MediaPacket], hasVideo: Bool = true) -> [DVRSegmenter.Decision] {
        var segmenter = DVRSegmenter(settings: settings)
        segmenter.streamHasVideo = hasVideo
        var out: [DVRSegmenter.Decision] = []
        for packet in packets {
            var decision = segmenter.decide(packet)
            if decision == .cut {
                out.append(.cut)
                segmenter.startFile()
                decision = segmenter.decide(packet)
            }
            out.append(decision)
            if decision == .write { segmenter.append(packet, at: packet.timestamp) }
        }
        return out
    }

    /// Timestamps of the packets that opened a new file.
    static func cuts(_ settings: DVRSettings, _ packets: [MediaPacket], hasVideo: Bool = true) -> [Int64] {
        var cuts: [Int64] = []
        var index = 0
        for decision in decisions(settings, packets, hasVideo: hasVideo) {
            if decision == .cut { cuts.append(packets[index].timestamp) } else { index += 1 }
        }
        return cuts
    }

    static func segment(_ seconds: Int64, waitKeyframe: Bool = true) -> DVRSettings {
        DVRSettings(plan: .segment, duration: .seconds(seconds), waitKeyframe: waitKeyframe)
    }

    @Test func waitsForTheFirstKeyframeButTakesHeadersAndAudio() {
        let packets = [DVRPackets.metadata(), DVRPackets.videoSequenceHeader(), DVRPackets.video(0, keyframe: false),
                       DVRPackets.audio(10), DVRPackets.video(40, keyframe: true), DVRPackets.video(80, keyframe: false)]
        #expect(Self.decisions(DVRSettings(), packets) == [.write, .write, .skip, .write, .write, .write])
        #expect(Self.decisions(DVRSettings(waitKeyframe: false), packets).allSatisfy { $0 == .write })
    }

    @Test func sessionNeverCuts() {
        let decisions = Self.decisions(DVRSettings(plan: .session, duration: .seconds(1)), DVRPackets.stream(from: 0, to: 10_000))
        #expect(!decisions.contains(.cut))
    }

    @Test func segmentCutsAtTheFirstKeyframeOnceTheDurationIsReached() {
        // 1 s GOPs, 1.5 s segments: the keyframe at 2 s opens the next file, then 4 s, 6 s.
        let packets = DVRPackets.stream(from: 0, to: 7_000, audio: false)
        #expect(Self.cuts(Self.segment(1).with(durationMillis: 1500), packets) == [2000, 4000, 6000])
    }

    @Test func theDurationCountsOnlyTheFramesAlreadyInTheFile() {
        // SRS compat: at the keyframe at 2 s a 2 s file spans 1.96 s, so it cuts a GOP later.
        let packets = DVRPackets.stream(from: 0, to: 7_000, audio: false)
        #expect(Self.cuts(Self.segment(2), packets) == [3000, 6000])
    }

    @Test func withoutWaitingForKeyframesTheFirstPacketPastTheDurationCuts() {
        let packets = DVRPackets.stream(from: 0, to: 3_000, audio: false)
        #expect(Self.cuts(Self.segment(1, waitKeyframe: false), packets) == [1040, 2080])
    }

    @Test func audioNeverCutsAStreamWithVideo() {
        let packets = [DVRPackets.video(0, keyframe: true)] + (1...100).map { DVRPackets.audio(Int64($0) * 23) }
        #expect(!Self.decisions(Self.segment(1), packets).contains(.cut))
    }

    @Test func audioCutsAStreamWithoutVideo() {
        let packets = DVRPackets.stream(from: 0, to: 2_500, video: false)
        #expect(Self.cuts(Self.segment(1), packets, hasVideo: false) == [1035, 2070])
    }

    @Test func aVideoSequenceHeaderMakesTheStreamWaitForKeyframes() {
        var segmenter = DVRSegmenter(settings: Self.segment(1))
        #expect(segmenter.decide(DVRPackets.videoSequenceHeader()) == .write)
        #expect(segmenter.streamHasVideo)
    }

    @Test func durationSpansTheFilesPackets() {
        var segmenter = DVRSegmenter(settings: DVRSettings())
        for packet in [DVRPackets.metadata(), DVRPackets.audio(100), DVRPackets.audio(1300)] {
            _ = segmenter.decide(packet)
            segmenter.append(packet, at: packet.timestamp)
        }
        #expect(segmenter.durationMillis == 1200)
        segmenter.startFile()
        #expect(segmenter.durationMillis == 0)
    }
}

extension DVRSettings {
    func with(durationMillis: Int64) -> DVRSettings {
        var copy = self
        copy.duration = .milliseconds(durationMillis)
        return copy
    }
}
